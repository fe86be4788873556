/**
 * `@wismo/testing/browser`: what a browser test of a server-rendered Wismo page needs around the
 * browser itself. Chromium is the operating system's package (Debian's `chromium`), never a
 * download; the page runs on a loopback server through the real Node mount. Node built-ins only:
 * playwright-core and the mount are the caller's own dev dependencies (this module only gives them
 * the options and the server), so installing @wismo/testing never installs a browser driver.
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Chromium flags for tests on a small, offline CI machine: no sandbox (containers), no GPU, nothing
 * fetched in the background.
 * @example chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] })
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The environment variables read: `WISMO_CHROMIUM` (the binary) and `CI` (`'true'`: never skip).
 * @example const env: Environment = { WISMO_CHROMIUM: '/usr/bin/chromium', CI: 'true' }
 */
export type Environment = Readonly<Record<string, string | undefined>>

/**
 * Where Chromium is, or why it cannot be used.
 * @example const found: ChromiumLookup = { missing: 'Chromium not found at /usr/bin/chromium' }
 */
export type ChromiumLookup = { path: string } | { missing: string }

/**
 * Chromium at `WISMO_CHROMIUM`, else `/usr/bin/chromium`.
 * @example const found = findChromium({ WISMO_CHROMIUM: '/opt/chromium/chrome' })
 */
export function findChromium(env: Environment = process.env): ChromiumLookup {
  const path = env.WISMO_CHROMIUM || '/usr/bin/chromium'
  if (existsSync(path)) return { path }
  const how = env.WISMO_CHROMIUM ? `WISMO_CHROMIUM=${path}` : '/usr/bin/chromium'
  return {
    missing: `Chromium not found at ${how}: install Debian's package (apt-get install -y chromium) or point WISMO_CHROMIUM at a Chromium binary`,
  }
}

/**
 * The Chromium a browser suite runs, from {@link browserSuite}.
 * @example const suite: BrowserSuite = browserSuite('dashboard')
 */
export interface BrowserSuite {
  chromium: ChromiumLookup
  /**
   * True only on a developer's machine without Chromium (the reason is printed once). In CI
   * (`CI=true`) a missing browser is never a skip: {@link BrowserSuite.launchOptions} throws.
   */
  skip: boolean
  /** Options for playwright-core's `chromium.launch()`; throws when Chromium is missing. */
  launchOptions(timeoutMs: number): { executablePath: string; args: string[]; timeout: number }
}

/**
 * Find Chromium for the suite called `name` and decide whether it skips.
 * @example
 * const suite = browserSuite('tracking-page')
 * describe.skipIf(suite.skip)('the page in Chromium', () => {
 *   // beforeAll: browser = await chromium.launch(suite.launchOptions(120_000))
 * })
 */
export function browserSuite(name: string, env: Environment = process.env): BrowserSuite {
  const chromium = findChromium(env)
  const skip = 'missing' in chromium && env.CI !== 'true'
  if ('missing' in chromium && skip) console.warn(`[${name} browser tests skipped] ${chromium.missing}`)
  return {
    chromium,
    skip,
    launchOptions: (timeout) => {
      if ('missing' in chromium) throw new Error(`Browser tests need Chromium in CI. ${chromium.missing}`)
      return { executablePath: chromium.path, args: [...CHROMIUM_ARGS], timeout }
    },
  }
}

/**
 * The Node mount under test, e.g. `@wismo/mount-node`'s `toWebRequest` and `sendWebResponse`.
 * @example const bridge: NodeBridge = { toWebRequest, sendWebResponse }
 */
export interface NodeBridge {
  toWebRequest(req: IncomingMessage): Request
  sendWebResponse(res: ServerResponse, response: Response): Promise<void>
}

/**
 * A loopback HTTP server and a fresh folder (for the page's database), from {@link loopbackSite}.
 * @example const site: LoopbackSite = await loopbackSite('wismo-browser-')
 */
export interface LoopbackSite {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** A fresh folder, removed by {@link LoopbackSite.close}. */
  dir: string
  /** Answer requests under `basePath` with `handle` through `bridge`; anything else is a 404. */
  mount(basePath: string, handle: (request: Request) => Promise<Response>, bridge: NodeBridge): void
  /** Stop the server (dropping open connections), then close `app` (e.g. the Wismo), then remove the folder. */
  close(app?: { close(): Promise<void> }): Promise<void>
}

/**
 * Start a server on 127.0.0.1 (a free port) and make a temporary folder named `prefix…`.
 * @example
 * const site = await loopbackSite('wismo-dashboard-')
 * site.mount(dashboard.basePath, dashboard.handle, { toWebRequest, sendWebResponse })
 * await site.close(wismo)
 */
export async function loopbackSite(prefix: string): Promise<LoopbackSite> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dir,
    mount: (basePath, handle, bridge) => {
      server.on('request', (req, res) => void answer(req, res, { basePath, handle, bridge }))
    },
    async close(app) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
      await app?.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  site: { basePath: string; handle: (request: Request) => Promise<Response>; bridge: NodeBridge },
): Promise<void> {
  try {
    const path = req.url ?? '/'
    const { basePath: base } = site
    const mine = path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`)
    const response = mine
      ? await site.handle(site.bridge.toWebRequest(req))
      : new Response('not found', { status: 404 })
    await site.bridge.sendWebResponse(res, response)
  } catch (error) {
    console.error('[loopback site] the page failed', error)
    if (!res.headersSent) res.writeHead(500)
    res.end()
  }
}
