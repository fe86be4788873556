import { createWismo, memoryStore, type Wismo } from '@wismo/core'
import {
  MOUNT_TEST_CARRIER,
  mountTestCarrier,
  mountTestPayload,
  sendHttp,
  signMountTestBody,
} from '@wismo/testing/mount'
import express, { type Express } from 'express'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expressWebhooks, keepRawBody } from '../src/index.ts'
import { serve } from './serve.ts'

let wismo: Wismo
let server: Awaited<ReturnType<typeof serve>> | null = null
const logged: { obj: object; msg?: string }[] = []
const logger = {
  debug() {},
  info() {},
  warn() {},
  error: (obj: object, msg?: string) => void logged.push({ obj, msg }),
}

beforeEach(() => {
  wismo = createWismo({ store: memoryStore(), carriers: [mountTestCarrier()] })
  logged.length = 0
})
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(app: Express, base = '/webhooks') {
  server = await serve(app, base)
  return server.url
}

async function post(url: string, number: string, contentType = 'application/json') {
  const body = mountTestPayload(number)
  return sendHttp(url, { headers: { 'content-type': contentType, ...(await signMountTestBody(body)) }, body })
}

const status = async (n: string) => (await wismo.findShipment(MOUNT_TEST_CARRIER, n))?.shipment.status ?? null

describe('express.json() before the mount, without keepRawBody', () => {
  it('refuses JSON deliveries loudly (500 CONFIG_INVALID, logged) instead of verifying re-encoded JSON', async () => {
    const app = express()
    app.use(express.json())
    app.use('/webhooks', expressWebhooks(wismo, { logger }))
    const res = await post(`${await start(app)}/${MOUNT_TEST_CARRIER}`, 'EXJ1')
    expect(res).toMatchObject({ status: 500, json: { ok: false, error: 'CONFIG_INVALID' } })
    expect(await status('EXJ1')).toBeNull()
    expect(logged).toEqual([
      {
        obj: expect.objectContaining({ code: 'CONFIG_INVALID' }),
        msg: expect.stringMatching(/before express\.json\(\).*keepRawBody/),
      },
    ])
  })

  it('answers route and method first (404, 405) and logs the misconfiguration once, not per request', async () => {
    const app = express()
    app.use(express.json())
    app.use('/webhooks', expressWebhooks(wismo, { logger }))
    const url = await start(app)
    const unsigned = { headers: { 'content-type': 'application/json' }, body: '{"a":1}' }
    const unknown = await sendHttp(`${url}/no-such-carrier`, unsigned)
    expect(unknown).toMatchObject({ status: 404, json: { ok: false, error: 'WEBHOOK_ROUTE_UNKNOWN' } })
    const put = await sendHttp(`${url}/${MOUNT_TEST_CARRIER}`, { ...unsigned, method: 'PUT' })
    expect(put).toMatchObject({ status: 405, json: { ok: false, error: 'WEBHOOK_METHOD_NOT_ALLOWED' } })
    expect(put.headers.allow).toBe('POST')
    expect(logged).toEqual([])
    for (let i = 0; i < 3; i++) {
      const res = await sendHttp(`${url}/${MOUNT_TEST_CARRIER}`, unsigned)
      expect(res).toMatchObject({ status: 500, json: { ok: false, error: 'CONFIG_INVALID' } })
    }
    expect(await post(`${url}/${MOUNT_TEST_CARRIER}`, 'EXJ3')).toMatchObject({ status: 500 })
    expect(logged).toHaveLength(1)
    expect(logged[0]?.msg).toMatch(/express\.json\(\).*keepRawBody/)
  })

  it('still verifies bodies the parser did not touch (other content types)', async () => {
    const app = express()
    app.use(express.json())
    app.use('/webhooks', expressWebhooks(wismo, { logger }))
    const res = await post(`${await start(app)}/${MOUNT_TEST_CARRIER}`, 'EXJ2', 'application/octet-stream')
    expect(res.status).toBe(200)
    expect(await status('EXJ2')).toBe('in_transit')
    expect(logged).toEqual([])
  })
})

describe("a parser's own errors, with the parser first", () => {
  it("answers them in Wismo's JSON shape, not Express's HTML error page, route first", async () => {
    const app = express()
    app.use(express.json({ verify: keepRawBody, limit: 200 }))
    app.use('/webhooks', expressWebhooks(wismo, { logger }))
    const url = await start(app)
    const big = mountTestPayload('EXP1', { pad: 'x'.repeat(500) })
    const headers = { 'content-type': 'application/json', ...(await signMountTestBody(big)) }
    const tooLarge = await sendHttp(`${url}/${MOUNT_TEST_CARRIER}`, { headers, body: big })
    expect(tooLarge).toMatchObject({ status: 413, json: { ok: false, error: 'WEBHOOK_TOO_LARGE' } })
    expect(tooLarge.text).not.toMatch(/<html|<pre|stack/i)
    const unknown = await sendHttp(`${url}/no-such-carrier`, { headers, body: big })
    expect(unknown).toMatchObject({ status: 404, json: { ok: false, error: 'WEBHOOK_ROUTE_UNKNOWN' } })
    expect(await status('EXP1')).toBeNull()
    expect(logged).toEqual([])
  })

  it("leaves other middleware's errors, and parser errors on other paths, to the host", async () => {
    const app = express()
    app.use(express.json({ limit: 10 }))
    app.use('/webhooks', (_req, _res, next) => next(Object.assign(new Error('no'), { status: 403 })))
    app.use('/webhooks', expressWebhooks(wismo, { logger }))
    app.use(
      (
        err: { status?: number },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(err.status ?? 500).json({ host: true })
      },
    )
    const url = await start(app)
    const other = await sendHttp(`${url}/${MOUNT_TEST_CARRIER}`, { body: '' })
    expect(other).toMatchObject({ status: 403, json: { host: true } })
    const base = url.replace(/\/webhooks$/, '')
    const elsewhere = await sendHttp(`${base}/api/x`, {
      headers: { 'content-type': 'application/json' },
      body: '{"too":"large for 10 bytes"}',
    })
    expect(elsewhere).toMatchObject({ status: 413, json: { host: true } })
  })
})

describe('expressWebhooks', () => {
  it('leaves the host app untouched: express.json() after the mount still parses other routes', async () => {
    const app = express()
    app.use('/webhooks', expressWebhooks(wismo))
    app.use(express.json())
    app.post('/api/echo', (req, res) => void res.json({ got: req.body }))
    const base = (await start(app)).replace(/\/webhooks$/, '')
    const res = await sendHttp(`${base}/api/echo`, {
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    expect(res.json).toEqual({ got: { a: 1 } })
  })

  it('falls through to next() for paths that are not /<carrier>', async () => {
    const app = express()
    app.use('/webhooks', expressWebhooks(wismo))
    app.use((_req, res) => void res.status(418).end())
    const url = await start(app)
    expect((await sendHttp(`${url}/a/b`, { body: '{}' })).status).toBe(418)
    expect((await sendHttp(url, { body: '{}' })).status).toBe(418)
  })

  it('serves one fixed carrier at the mount path', async () => {
    const app = express()
    app.use('/hooks/mt', expressWebhooks(wismo, { carrier: MOUNT_TEST_CARRIER }))
    const url = await start(app, '/hooks/mt')
    expect((await post(url, 'EXF1')).status).toBe(200)
    expect(await status('EXF1')).toBe('in_transit')
  })

  it('uses rawBody from keepRawBody even when the parser inflated a gzip body', async () => {
    const { gzipSync } = await import('node:zlib')
    const app = express()
    app.use(express.json({ verify: keepRawBody }))
    app.use('/webhooks', expressWebhooks(wismo))
    const body = mountTestPayload('EXG1')
    const headers = {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      ...(await signMountTestBody(body)),
    }
    const res = await sendHttp(`${await start(app)}/${MOUNT_TEST_CARRIER}`, { headers, body: gzipSync(body) })
    expect(res.status).toBe(200)
    expect(await status('EXG1')).toBe('in_transit')
  })
})
