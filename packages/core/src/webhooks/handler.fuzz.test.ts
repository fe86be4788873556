import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo } from '../wismo.ts'
import { hookCarrier, signedRequest, trackingBody } from './hook-carrier.test-helpers.ts'

const RUNS = 50_000

const headerName = fc.constantFrom(
  'webhook-id',
  'Webhook-Timestamp',
  'WEBHOOK-SIGNATURE',
  'content-type',
  'content-length',
  'x-hmac-signature',
  'authorization',
)
const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom(
    'v1,',
    'v1,AAAA',
    `v1,${'A'.repeat(43)}=`,
    String(Math.floor(Date.now() / 1000)),
    '0',
    '-1',
    '99999999999',
    'msg_1',
  ),
)
const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    trackingBody('FZ1', [{ id: 'a', status: 'delivered', at: '2026-03-01' }]),
    '{"__proto__":1}',
    '[[[[[[[[',
    '136.0',
    '',
  ),
)
const bodyArb = fc.oneof(
  jsonish.map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ maxLength: 400 }),
)
const methodArb = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 8 },
  { arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'), weight: 1 },
)
const pathArb = fc.oneof(
  { arbitrary: fc.constant('/webhooks/hooks'), weight: 8 },
  { arbitrary: fc.constantFrom('/webhooks/other', '/', '/webhooks/%E0%A4%A'), weight: 1 },
)

describe(`webhook fuzz (${RUNS} random requests)`, () => {
  it('never answers 5xx, never rejects, never changes state without a valid signature', async () => {
    const wismo = createWismo({
      store: memoryStore(),
      carriers: [hookCarrier()],
      webhooks: { maxBodyBytes: 1024 },
    })
    const valid = await wismo.webhooks.handle(
      await signedRequest(trackingBody('BASE', [{ id: 'b', status: 'in_transit', at: '2026-03-01' }])),
    )
    expect(valid.status).toBe(200)
    const before = JSON.stringify([await wismo.store.countByStatus(), await wismo.store.listOutbox({})])
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(
        methodArb,
        pathArb,
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
        bodyArb,
        async (method, path, headers, body) => {
          const h = new Headers()
          for (const [k, v] of headers) h.set(k, v)
          const hasBody = method !== 'GET'
          const res = await wismo.webhooks.handle(
            new Request(`http://localhost${path}`, { method, headers: h, ...(hasBody ? { body } : {}) }),
          )
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          expect(res.status).toBeLessThan(500)
          expect(res.status === 200).toBe(false)
        },
      ),
      { numRuns: RUNS },
    )
    expect(JSON.stringify([await wismo.store.countByStatus(), await wismo.store.listOutbox({})])).toBe(before)
    console.log(
      `webhook fuzz: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    )
  }, 300_000)

  it('never answers 5xx to validly signed random bodies', async () => {
    const wismo = createWismo({
      store: memoryStore(),
      carriers: [hookCarrier()],
      webhooks: { maxBodyBytes: 1024 },
    })
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const res = await wismo.webhooks.handle(await signedRequest(body))
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        expect(res.status).toBeLessThan(500)
      }),
      { numRuns: 5_000 },
    )
    console.log(
      `webhook fuzz (signed): 5000 requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    )
  }, 300_000)
})
