import { describe, expect, it } from 'vitest'
import { WismoError } from '../errors.ts'
import { defineNotifier } from '../notify/define-notifier.ts'
import { memoryStore } from '../store/memory-store.ts'
import { RAW_BODY_MAX } from '../store/ops.ts'
import { hookCarrier, signedRequest, trackingBody } from '../webhooks/hook-carrier.test-helpers.ts'
import { createWismo } from '../wismo.ts'

const T0 = Date.parse('2026-03-02T15:00:00Z')
const MIN = 60_000
const DAY = 86_400_000

/** An e-mail provider that fails its first `failures` calls, then accepts. */
function flakyMail(failures: number) {
  let calls = 0
  return defineNotifier({
    id: 'mail',
    capabilities: { channels: ['email'], idempotencyKeys: false },
    setup: () => ({
      send: async () => {
        if (++calls <= failures)
          throw new WismoError('NOTIFY_UNAVAILABLE', 'mail is down', { retryable: true })
        return { providerMessageId: `mail-${calls}` }
      },
    }),
  })()
}

function world(opts: { archive?: { payloads?: boolean; retentionMs?: number }; failures?: number } = {}) {
  let t = T0
  const wismo = createWismo({
    store: memoryStore(),
    carriers: [hookCarrier()],
    clock: () => new Date(t),
    ...(opts.archive ? { archive: opts.archive } : {}),
    notifications: {
      channels: { email: [flakyMail(opts.failures ?? 0)] },
      triggers: { delivered: ['email'] },
      shop: { name: 'Lumen & Co' },
      trackingUrl: ({ orderId }) => `https://shop.example/track/${orderId}`,
    },
  })
  return { wismo, advance: (ms: number) => (t += ms) }
}

async function order(w: ReturnType<typeof world>, id: string, email: string, number: string) {
  await w.wismo.registerOrder({
    id,
    customer: { name: 'Ana Lima', email, timeZone: 'America/Denver' },
    preferences: { email: true, sms: false, mutedTriggers: [] },
  })
  return w.wismo.registerShipment({ orderId: id, trackingNumber: number, carrier: 'hooks' })
}

const delivered = (number: string, id = 's1') =>
  trackingBody(number, [{ id, status: 'delivered', at: '2026-03-02T08:00:00-07:00' }])

describe('wismo.ops', () => {
  it('finds an order by its id, the customer e-mail in any case, a tracking number or a shipment id', async () => {
    const w = world()
    const shipment = await order(w, 'A-1', 'ana@example.com', 'HK100')
    await order(w, 'A-2', 'ANA@example.com', 'HK200')
    await order(w, 'B-1', 'bo@example.com', 'HK300')
    const orderIds = (hits: Awaited<ReturnType<typeof w.wismo.ops.search>>) => hits.map((h) => h.order?.id)
    expect(orderIds(await w.wismo.ops.search('A-1'))).toEqual(['A-1'])
    expect(orderIds(await w.wismo.ops.search(' Ana@Example.com '))).toEqual(['A-1', 'A-2'])
    const byNumber = await w.wismo.ops.search('hk-100')
    expect(byNumber).toEqual([
      { matchedBy: 'tracking_number', order: expect.objectContaining({ id: 'A-1' }), shipments: [shipment] },
    ])
    expect((await w.wismo.ops.search(shipment.id))[0]).toMatchObject({ matchedBy: 'shipment' })
    expect(await w.wismo.ops.search('nothing-like-it')).toEqual([])
    expect(await w.wismo.ops.search('   ')).toEqual([])
    await expect(w.wismo.ops.search('x'.repeat(321))).rejects.toMatchObject({ code: 'INPUT_INVALID' })
  })

  it('lists a shipment without an order on its own', async () => {
    const w = world()
    await w.wismo.webhooks.handle(await signedRequest(delivered('HK900')))
    const [hit] = await w.wismo.ops.search('HK900')
    expect(hit).toMatchObject({ matchedBy: 'tracking_number', order: null })
    expect(hit?.shipments.map((s) => s.trackingNumber)).toEqual(['HK900'])
  })

  it('keeps the webhook bodies that changed a shipment, not the duplicates', async () => {
    const w = world()
    const shipment = await order(w, 'A-1', 'ana@example.com', 'HK100')
    const first = trackingBody('HK100', [{ id: 's1', status: 'in_transit', at: '2026-03-01T08:00:00-07:00' }])
    expect((await w.wismo.webhooks.handle(await signedRequest(first))).status).toBe(200)
    w.advance(MIN)
    expect((await w.wismo.webhooks.handle(await signedRequest(first))).status).toBe(200)
    const second = delivered('HK100', 's2')
    expect((await w.wismo.webhooks.handle(await signedRequest(second))).status).toBe(200)
    const detail = await w.wismo.ops.shipment(shipment.id)
    expect(detail?.raw.map((r) => r.body)).toEqual([second, first])
    expect(detail?.raw[0]).toMatchObject({
      source: 'webhook',
      carrier: 'hooks',
      contentType: 'application/json',
      truncated: false,
      receivedAt: new Date(T0 + MIN).toISOString(),
    })
    expect(detail?.events.map((e) => e.status)).toEqual(['in_transit', 'delivered'])
    expect(detail?.order?.id).toBe('A-1')
    expect(await w.wismo.ops.shipment('shp_none')).toBeNull()
  })

  it('archives nothing with archive.payloads off', async () => {
    const w = world({ archive: { payloads: false } })
    const shipment = await order(w, 'A-1', 'ana@example.com', 'HK100')
    await w.wismo.webhooks.handle(await signedRequest(delivered('HK100')))
    expect((await w.wismo.ops.shipment(shipment.id))?.raw).toEqual([])
  })

  it('cuts a body over the archive limit and marks it truncated', async () => {
    const w = world()
    const shipment = await order(w, 'A-1', 'ana@example.com', 'HK100')
    const padded = delivered('HK100').replace(
      '"tracking.updated"',
      `"tracking.updated"${' '.repeat(RAW_BODY_MAX)}`,
    )
    expect((await w.wismo.webhooks.handle(await signedRequest(padded))).status).toBe(200)
    const [raw] = (await w.wismo.ops.shipment(shipment.id))?.raw ?? []
    expect(raw?.truncated).toBe(true)
    expect(raw?.body).toBe(padded.slice(0, RAW_BODY_MAX))
  })

  it('shows every notification attempt: the failure, the retry and the send', async () => {
    const w = world({ failures: 1 })
    const shipment = await order(w, 'A-1', 'ana@example.com', 'HK100')
    await w.wismo.webhooks.handle(await signedRequest(delivered('HK100')))
    w.advance(6 * MIN)
    await w.wismo.workers.notify({ workerId: 'n1' })
    w.advance(30 * MIN)
    await w.wismo.workers.notify({ workerId: 'n1' })
    const [message] = (await w.wismo.ops.shipment(shipment.id))?.notifications ?? []
    expect(message).toMatchObject({ topic: 'notify.email', state: 'done', providerMessageId: 'mail-2' })
    expect(message?.log.map((l) => l.kind)).toEqual(['note', 'failed', 'note', 'done'])
    expect(message?.log[1]?.text).toMatch(/NOTIFY_UNAVAILABLE/)
    expect(message?.log[3]?.text).toBe('done: provider message mail-2')
    expect(JSON.stringify(message?.log)).not.toContain('ana@example.com')
  })

  it('prunes payloads and attempt logs past retention in the runtime', async () => {
    const w = world({ archive: { retentionMs: DAY } })
    const shipment = await order(w, 'A-1', 'ana@example.com', 'HK100')
    await w.wismo.webhooks.handle(await signedRequest(delivered('HK100')))
    w.advance(2 * DAY)
    w.wismo.start({
      workerId: 'rt',
      every: { polls: 10, dispatch: 10, notify: 10, signals: 10, archive: 10 },
    })
    await expect
      .poll(async () => (await w.wismo.ops.shipment(shipment.id))?.raw.length, { timeout: 20_000 })
      .toBe(0)
    await w.wismo.stop({ timeoutMs: 5_000 })
  })
})
