import { existsSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { browserSuite, findChromium, loopbackSite, type NodeBridge } from './browser.ts'

const NOWHERE = '/nonexistent/wismo-test-chromium'

/** A stand-in for the Node mount: enough to see what reaches the handler and what comes back. */
const bridge: NodeBridge = {
  toWebRequest: (req) => new Request(`http://loopback${req.url ?? '/'}`, { method: req.method ?? 'GET' }),
  sendWebResponse: async (res, response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(await response.text())
  },
}

describe('browserSuite', () => {
  it('names the missing binary and skips on a developer machine, with the reason printed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const suite = browserSuite('demo', { WISMO_CHROMIUM: NOWHERE })
    expect(findChromium({ WISMO_CHROMIUM: NOWHERE })).toEqual({ missing: expect.stringContaining(NOWHERE) })
    expect(suite.skip).toBe(true)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[demo browser tests skipped]'))
    warn.mockRestore()
  })

  it('never skips in CI: launching without Chromium fails with the reason', () => {
    const suite = browserSuite('demo', { WISMO_CHROMIUM: NOWHERE, CI: 'true' })
    expect(suite.skip).toBe(false)
    expect(() => suite.launchOptions(1000)).toThrow(/Browser tests need Chromium in CI.*apt-get install/)
  })

  it('launches the binary it found, with the test flags and the given timeout', () => {
    const path = process.execPath
    const options = browserSuite('demo', { WISMO_CHROMIUM: path }).launchOptions(5000)
    expect(options).toMatchObject({ executablePath: path, timeout: 5000 })
    expect(options.args).toContain('--disable-background-networking')
  })
})

describe('loopbackSite', () => {
  it('answers under the base path through the bridge, 404 elsewhere, and cleans up after itself', async () => {
    const site = await loopbackSite('wismo-loopback-test-')
    site.mount('/track', async (request) => new Response(new URL(request.url).pathname), bridge)
    expect(site.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const get = async (path: string) => {
      const res = await fetch(`${site.origin}${path}`)
      return [res.status, await res.text()]
    }
    expect(await get('/track/A-1')).toEqual([200, '/track/A-1'])
    expect(await get('/track')).toEqual([200, '/track'])
    expect(await get('/tracking')).toEqual([404, 'not found'])
    const app = { close: vi.fn(async () => {}) }
    expect(existsSync(site.dir)).toBe(true)
    await site.close(app)
    expect(app.close).toHaveBeenCalledOnce()
    expect(existsSync(site.dir)).toBe(false)
  })

  it('answers 500 when the page throws', async () => {
    const site = await loopbackSite('wismo-loopback-test-')
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    site.mount('/', async () => Promise.reject(new Error('boom')), bridge)
    const res = await fetch(`${site.origin}/`)
    expect(res.status).toBe(500)
    expect(error).toHaveBeenCalled()
    error.mockRestore()
    await site.close()
  })
})
