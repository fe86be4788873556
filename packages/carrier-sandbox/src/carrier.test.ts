import { detectCarrier, isWismoError, type RawWebhookRequest } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { rawOf, SECRET, START, sandboxAt } from '../test/fixtures.ts'
import { sandboxCarrier } from './carrier.ts'

const MINUTE = 60_000
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isWismoError(e) ? e.code : String(e)),
  )

describe('sandbox carrier: track', () => {
  it('shows what has happened by the clock', async () => {
    const { carrier, simulator, setNow } = sandboxAt()
    const shipment = simulator.ship({ scenario: 'exception' })
    const at = (i: number) => shipment.scans[i]?.at ?? 0
    const seen = async () => (await carrier.track([shipment.trackingNumber]))[0]?.events.map((e) => e.rawCode)
    expect(await seen()).toEqual(['MI'])
    setNow(at(2))
    expect(await seen()).toEqual(shipment.scans.slice(0, 3).map((s) => s.event.code))
    setNow(at(shipment.scans.length - 1) + MINUTE)
    const [update] = await carrier.track([shipment.trackingNumber])
    expect(update?.events.length).toBe(shipment.scans.length)
    expect(update?.events.at(-1)?.status).toBe('delivered')
    expect(update?.estimates?.[0]?.source).toBe('carrier_rescheduled')
  })

  it('omits unknown numbers, merges repeats and printed forms, and rejects oversize batches', async () => {
    const { carrier } = sandboxAt()
    const { trackingNumber } = await carrier.createShipment({})
    const updates = await carrier.track([
      trackingNumber,
      trackingNumber.toLowerCase(),
      'SBX00000000000',
      'nonsense',
    ])
    expect(updates.map((u) => u.trackingNumber)).toEqual([trackingNumber])
    expect(await codeOf(carrier.track(Array.from({ length: 51 }, () => trackingNumber)))).toBe(
      'CARRIER_REQUEST_REJECTED',
    )
  })

  it('tells the same story by poll and by webhook (same event ids)', async () => {
    const { carrier, simulator, setNow } = sandboxAt()
    const shipment = simulator.ship({ scenario: 'failedAttempt' })
    setNow(Date.parse(START) + 60 * 24 * 60 * MINUTE)
    const [polled] = await carrier.track([shipment.trackingNumber])
    const pushed = new Map(
      shipment.deliveries.flatMap((d) => d.update.events).map((e) => [e.providerEventId, e]),
    )
    expect(polled?.events).toEqual(polled?.events.map((e) => pushed.get(e.providerEventId)))
    expect(pushed.size).toBe(polled?.events.length)
  })

  it('is what core’s detectCarrier picks for its numbers', async () => {
    const { carrier } = sandboxAt()
    const { trackingNumber } = await carrier.createShipment({})
    expect(detectCarrier(trackingNumber, [carrier])[0]).toMatchObject({ carrier: 'sandbox', confidence: 1 })
    expect(carrier.detect('1Z999AA10123456784')).toBe(0)
  })
})

describe('sandbox carrier: webhooks', () => {
  const setup = async (sentAtOffsetMs = 0) => {
    const sandbox = sandboxAt()
    const delivery = sandbox.simulator.ship({}).deliveries[0]
    if (!delivery) throw new Error('a shipment has webhooks')
    const request = await sandbox.simulator.toRequest(delivery, new Date(Date.parse(START) + sentAtOffsetMs))
    return { ...sandbox, delivery, request, raw: await rawOf(request) }
  }

  it('round-trips: a signed delivery verifies and parses to its update', async () => {
    const { carrier, delivery, request, raw } = await setup()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('http://localhost/webhooks/sandbox')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(await carrier.webhook.verify(raw)).toMatchObject({
      messageId: delivery.id,
      timestamp: Date.parse(START) / 1000,
    })
    expect(await carrier.webhook.parse(JSON.parse(delivery.body), raw)).toEqual([delivery.update])
  })

  it('rejects a changed body, a changed id, and another secret', async () => {
    const { carrier, raw } = await setup()
    const body = new TextEncoder().encode(new TextDecoder().decode(raw.body).replace('"MI"', '"DL"'))
    const headers = new Headers(raw.headers)
    headers.set('webhook-id', 'msg_other')
    const strangers = sandboxCarrier({
      seed: 42,
      webhookSecret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
      clock: () => new Date(START),
    })
    const cases: [typeof carrier, RawWebhookRequest][] = [
      [carrier, { ...raw, body }],
      [carrier, { ...raw, headers }],
      [strangers, raw],
    ]
    for (const [c, r] of cases) expect(await codeOf(c.webhook.verify(r))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('accepts clock skew up to the tolerance, and no more', async () => {
    for (const [offset, expected] of [
      [-4 * MINUTE, 'resolved'],
      [4 * MINUTE, 'resolved'],
      [-6 * MINUTE, 'WEBHOOK_STALE'],
      [6 * MINUTE, 'WEBHOOK_STALE'],
    ] as const) {
      const { carrier, raw } = await setup(offset)
      expect(await codeOf(carrier.webhook.verify(raw)), `offset ${offset / MINUTE} min`).toBe(expected)
    }
  })

  it('maps unknown scan codes to in_transit, keeping the raw code', async () => {
    const { carrier, delivery, raw } = await setup()
    const payload = JSON.parse(delivery.body.replace('"code":"MI"', '"code":"ZZ9"'))
    const [update] = await carrier.webhook.parse(payload, raw)
    expect(update?.events[0]).toMatchObject({ status: 'in_transit', subStatus: null, rawCode: 'ZZ9' })
  })

  it('drains due webhooks as signed requests', async () => {
    const { simulator, setNow } = sandboxAt()
    const shipment = simulator.ship({ scenario: 'delivered' })
    const end = Math.max(...shipment.deliveries.map((d) => d.deliverAt))
    setNow(end)
    const requests = await simulator.webhooksUntil(new Date(end))
    expect(requests.map((r) => r.headers.get('webhook-id'))).toEqual(
      [...shipment.deliveries].sort((a, b) => a.deliverAt - b.deliverAt).map((d) => d.id),
    )
    expect(requests.every((r) => r.headers.get('webhook-timestamp') === String(Math.floor(end / 1000)))).toBe(
      true,
    )
    expect(await simulator.webhooksUntil(new Date(end))).toEqual([])
  })
})

describe('sandbox carrier: options', () => {
  it('reports every missing or bad option at once without echoing the secret', () => {
    const secret = 'whsec_short'
    const error = (() => {
      try {
        sandboxCarrier({ webhookSecret: secret, outOfOrderRate: -1 } as never)
      } catch (e) {
        return e
      }
    })()
    expect(isWismoError(error, 'CONFIG_INVALID')).toBe(true)
    const message = (error as Error).message
    for (const field of ['seed', 'webhookSecret', 'outOfOrderRate']) expect(message).toContain(field)
    expect(message).not.toContain(secret)
  })

  it('keeps working with defaults for everything but seed and secret', async () => {
    const carrier = sandboxCarrier({ seed: 1, webhookSecret: SECRET })
    const { trackingNumber } = await carrier.createShipment({})
    const [update] = await carrier.track([trackingNumber])
    expect(update?.events[0]?.rawCode).toBe('MI')
  })
})
