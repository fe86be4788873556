import { createWismo, memoryStore, type Wismo } from '@wismo/core'
import {
  MOUNT_TEST_CARRIER,
  mountTestCarrier,
  mountTestPayload,
  sendHttp,
  signMountTestBody,
} from '@wismo/testing/mount'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { type FastifyWebhooksOptions, fastifyWebhooks } from '../src/index.ts'
import { serve } from './serve.ts'

let app: FastifyInstance | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

const newWismo = (maxBodyBytes = 4096) =>
  createWismo({ store: memoryStore(), carriers: [mountTestCarrier()], webhooks: { maxBodyBytes } })

async function start(
  wismo: Wismo,
  options: Omit<FastifyWebhooksOptions, 'wismo'> & { prefix?: string } = {},
  server: { bodyLimit?: number; trustProxy?: boolean } = {},
) {
  app = Fastify(server)
  app.post('/api/echo', async (req) => ({ got: req.body }))
  await app.register(fastifyWebhooks, { wismo, prefix: '/webhooks', ...options })
  return (await serve(app, options.prefix ?? '/webhooks')).url
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  return sendHttp(url, {
    headers: { 'content-type': 'application/json', ...(await signMountTestBody(body)), ...headers },
    body,
  })
}

const padded = (n: string, size: number) => mountTestPayload(n, { pad: 'x'.repeat(size) })

describe('fastifyWebhooks', () => {
  it("leaves the host's JSON parsing untouched outside the plugin", async () => {
    const url = await start(newWismo())
    const res = await sendHttp(url.replace(/\/webhooks$/, '/api/echo'), {
      headers: { 'content-type': 'application/json' },
      body: '{"a":136.0}',
    })
    expect(res.json).toEqual({ got: { a: 136 } })
  })

  it("answers Fastify's own 413 in Wismo's shape when its bodyLimit is the smaller one", async () => {
    const wismo = newWismo(8192)
    const url = await start(wismo, { bodyLimit: 1000 })
    const res = await post(`${url}/${MOUNT_TEST_CARRIER}`, padded('FB1', 2000))
    expect(res).toMatchObject({ status: 413, json: { ok: false, error: 'WEBHOOK_TOO_LARGE' } })
    expect(await wismo.findShipment(MOUNT_TEST_CARRIER, 'FB1')).toBeNull()
  })

  it("answers the handler's 413 when Wismo's maxBodyBytes is the smaller one", async () => {
    const wismo = newWismo(1000)
    const url = await start(wismo, {}, { bodyLimit: 8192 })
    const res = await post(`${url}/${MOUNT_TEST_CARRIER}`, padded('FB2', 2000))
    expect(res).toMatchObject({ status: 413, json: { ok: false, error: 'WEBHOOK_TOO_LARGE' } })
    expect((await post(`${url}/${MOUNT_TEST_CARRIER}`, padded('FB3', 100))).status).toBe(200)
  })

  it('serves one fixed carrier at the prefix itself', async () => {
    const wismo = newWismo()
    const url = await start(wismo, { carrier: MOUNT_TEST_CARRIER, prefix: '/hooks/mt' })
    expect((await post(url, mountTestPayload('FB4'))).status).toBe(200)
    expect((await wismo.findShipment(MOUNT_TEST_CARRIER, 'FB4'))?.shipment.status).toBe('in_transit')
  })

  it('passes the forwarded scheme and host to the handler only with trustProxy', async () => {
    const seen: string[] = []
    const handle = async (req: Request) => {
      seen.push(req.url)
      return Response.json({ ok: true })
    }
    const host = { webhooks: { handle } }
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' }
    for (const trustProxy of [false, true]) {
      const url = await start(host as unknown as Wismo, {}, { trustProxy })
      await sendHttp(`${url}/acme?token=t`, { headers, body: '{}' })
      await app?.close()
    }
    expect(seen[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/acme\?token=t$/)
    expect(seen[1]).toBe('https://shop.example/webhooks/acme?token=t')
  })
})
