import { beforeEach, describe, expect, it } from 'vitest'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo, type Wismo } from '../wismo.ts'
import { hookCarrier, signedRequest, trackingBody } from './hook-carrier.test-helpers.ts'

let wismo: Wismo
beforeEach(() => {
  wismo = createWismo({
    store: memoryStore(),
    carriers: [hookCarrier()],
    webhooks: { maxBodyBytes: 4096, bodyIdleTimeoutMs: 200 },
  })
})

const body = (n = 'HK1', id = 's1') =>
  trackingBody(n, [{ id, status: 'in_transit', at: '2026-03-01T10:00:00-05:00' }])
const snapshot = async () =>
  JSON.stringify([await wismo.store.countByStatus(), await wismo.store.listOutbox({})])

async function send(req: Request) {
  const res = await wismo.webhooks.handle(req)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('webhook handler', () => {
  it('verifies, ingests and answers 200 after the write', async () => {
    const res = await send(await signedRequest(body()))
    expect(res).toEqual({ status: 200, body: { ok: true, updates: 1, newEvents: 1 } })
    expect((await wismo.findShipment('hooks', 'HK1'))?.shipment.status).toBe('in_transit')
  })

  it('acknowledges a redelivery (same message id) without changing anything', async () => {
    const first = await signedRequest(body(), { id: 'msg_same' })
    await send(first)
    const before = await snapshot()
    const again = await send(await signedRequest(body(), { id: 'msg_same' }))
    expect(again).toEqual({ status: 200, body: { ok: true, duplicate: true } })
    const otherId = await send(await signedRequest(body(), { id: 'msg_other' }))
    expect(otherId.body).toMatchObject({ ok: true, newEvents: 0 })
    expect(await snapshot()).toBe(before)
  })

  it('routes by the carrier option as well as the path', async () => {
    const req = await signedRequest(body('HK2'), { path: '/any/where' })
    expect((await wismo.webhooks.handle(req, { carrier: 'hooks' })).status).toBe(200)
  })

  it('keeps the exact bytes: numbers like 136.0 verify', async () => {
    const raw = `{"type":"tracking.updated","data":{"number":"HK3","scans":[{"id":"a","status":"in_transit","at":"2026-03-01T10:00:00Z","text":"136.0"}]},"weight":136.0}`
    // The extra key makes the payload unprocessable, but only after the signature held on raw bytes.
    expect((await send(await signedRequest(raw))).status).toBe(422)
  })
})

type Case = [name: string, make: () => Promise<Request>, status: number, code?: string]

const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
const slowBody = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"type":'))
      // never closes: the handler must time out
    },
  })
const stream = (chunks: number, size: number) =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      if (chunks-- <= 0) controller.close()
      else controller.enqueue(new Uint8Array(size).fill(32))
    },
  })
const tamper = async (mutate: (headers: Headers) => void, b = body()) => {
  const req = await signedRequest(b)
  const headers = new Headers(req.headers)
  mutate(headers)
  return new Request(req.url, { method: 'POST', headers, body: b })
}

const cases: Case[] = [
  [
    'wrong method',
    async () => new Request('http://localhost/webhooks/hooks', { method: 'GET' }),
    405,
    'WEBHOOK_METHOD_NOT_ALLOWED',
  ],
  [
    'unknown carrier',
    async () => signedRequest(body(), { path: '/webhooks/nope' }),
    404,
    'WEBHOOK_ROUTE_UNKNOWN',
  ],
  ['missing signature', () => tamper((h) => h.delete('webhook-signature')), 401, 'WEBHOOK_INVALID_SIGNATURE'],
  [
    'wrong signature',
    () => tamper((h) => h.set('webhook-signature', 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')),
    401,
    'WEBHOOK_INVALID_SIGNATURE',
  ],
  [
    'truncated signature',
    () => tamper((h) => h.set('webhook-signature', (h.get('webhook-signature') ?? '').slice(0, 20))),
    401,
    'WEBHOOK_INVALID_SIGNATURE',
  ],
  [
    'signature of another body',
    async () => {
      const other = await signedRequest(body('HK9'))
      return new Request(other.url, { method: 'POST', headers: other.headers, body: body() })
    },
    401,
    'WEBHOOK_INVALID_SIGNATURE',
  ],
  [
    'wrong secret',
    async () => signedRequest(body(), { secret: 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' }),
    401,
    'WEBHOOK_INVALID_SIGNATURE',
  ],
  [
    'stale timestamp',
    async () => signedRequest(body(), { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    401,
    'WEBHOOK_STALE',
  ],
  [
    'future timestamp',
    async () => signedRequest(body(), { timestamp: Math.floor(Date.now() / 1000) + 3600 }),
    401,
    'WEBHOOK_STALE',
  ],
  [
    'oversized, declared',
    async () => signedRequest(`{"pad":"${'x'.repeat(5000)}"}`),
    413,
    'WEBHOOK_TOO_LARGE',
  ],
  [
    'oversized, undeclared (chunked)',
    async () =>
      new Request('http://localhost/webhooks/hooks', {
        method: 'POST',
        body: stream(10, 1000),
        duplex: 'half',
      } as RequestInit),
    413,
    'WEBHOOK_TOO_LARGE',
  ],
  [
    'lying content-length',
    async () =>
      new Request('http://localhost/webhooks/hooks', {
        method: 'POST',
        headers: { 'content-length': '-1' },
        body: 'x',
      }),
    413,
    'WEBHOOK_TOO_LARGE',
  ],
  [
    'slow chunked body',
    async () =>
      new Request('http://localhost/webhooks/hooks', {
        method: 'POST',
        body: slowBody(),
        duplex: 'half',
      } as RequestInit),
    408,
    'WEBHOOK_BODY_TIMEOUT',
  ],
  [
    'malformed JSON, signed',
    async () => signedRequest('{"type":"tracking.updated",'),
    400,
    'WEBHOOK_MALFORMED',
  ],
  [
    'invalid UTF-8, signed',
    async () => signedRequest(new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d])),
    400,
    'WEBHOOK_MALFORMED',
  ],
  ['deeply nested JSON, signed', async () => signedRequest(deep.slice(0, 4000)), 400, 'WEBHOOK_MALFORMED'],
  [
    '__proto__ key, signed',
    async () => signedRequest('{"__proto__":{"polluted":true},"type":"tracking.updated"}'),
    400,
    'WEBHOOK_MALFORMED',
  ],
  [
    'constructor key, signed',
    async () => signedRequest('{"constructor":{"prototype":{"x":1}}}'),
    422,
    'WEBHOOK_UNPROCESSABLE',
  ],
  ['wrong shape, signed', async () => signedRequest('{"hello":"world"}'), 422, 'WEBHOOK_UNPROCESSABLE'],
  ['JSON scalar, signed', async () => signedRequest('136.0'), 422, 'WEBHOOK_UNPROCESSABLE'],
  [
    'huge string field, signed',
    async () => signedRequest(trackingBody('H'.repeat(3000), [])),
    422,
    'WEBHOOK_UNPROCESSABLE',
  ],
  [
    'unknown status, signed',
    async () => signedRequest(trackingBody('HK1', [{ id: 'x', status: 'teleported', at: '2026-03-01' }])),
    422,
    'WEBHOOK_UNPROCESSABLE',
  ],
  [
    'impossible date, signed',
    async () => signedRequest(trackingBody('HK1', [{ id: 'x', status: 'delivered', at: '2026-02-30' }])),
    422,
    'WEBHOOK_UNPROCESSABLE',
  ],
  [
    'unicode tricks in the number, signed',
    async () =>
      signedRequest(trackingBody('HK\u202e1\u0000', [{ id: 'x', status: 'delivered', at: '2026-03-01' }])),
    422,
    'WEBHOOK_UNPROCESSABLE',
  ],
]

describe('hostile requests', () => {
  it.each(cases.map(([n, m, s, c]) => [n, s, c, m] as const))(
    '%s → %i %s, no state change',
    async (_name, status, code, make) => {
      await send(await signedRequest(body('BASE')))
      const before = await snapshot()
      const res = await send(await make())
      expect(res.status).toBe(status)
      if (code) expect(res.body).toEqual({ ok: false, error: code })
      if (status !== 200) expect(await snapshot()).toBe(before)
      expect(Object.prototype).not.toHaveProperty('polluted')
      expect(JSON.stringify(res.body)).not.toMatch(/whsec_|stack|at .*\.ts/)
    },
  )
})

describe('retries after a failed write', () => {
  it('processes the retry of a message whose first delivery could not be stored', async () => {
    const store = memoryStore()
    let failNext = true
    const flaky = {
      ...store,
      commit: async (write: Parameters<typeof store.commit>[0]) => {
        if (failNext) {
          failNext = false
          const { WismoError } = await import('../errors.ts')
          throw new WismoError('STORE_UNAVAILABLE', 'database restarting')
        }
        return store.commit(write)
      },
    }
    const w = createWismo({ store: flaky, carriers: [hookCarrier()] })
    const first = await w.webhooks.handle(await signedRequest(body('HK7'), { id: 'msg_retry' }))
    expect(first.status).toBe(503)
    const retry = await w.webhooks.handle(await signedRequest(body('HK7'), { id: 'msg_retry' }))
    expect(await retry.json()).toEqual({ ok: true, updates: 1, newEvents: 1 })
    expect((await w.findShipment('hooks', 'HK7'))?.shipment.status).toBe('in_transit')
  })
})
