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
