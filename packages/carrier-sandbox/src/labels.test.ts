import { createWismo, isWismoError, type LabelQuoteInput } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { sandboxCarrier } from './carrier.ts'

const webhookSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const clock = () => new Date('2026-03-02T09:00:00Z')
const input: LabelQuoteInput = {
  from: {
    name: 'Shop',
    street1: '1 Harbor St',
    city: 'Boston',
    region: 'MA',
    postalCode: '02210',
    country: 'US',
  },
  to: {
    name: 'Sam (Carter)',
    street1: '1600 Glenarm Pl',
    city: 'Denver',
    region: 'CO',
    postalCode: '80249',
    country: 'US',
  },
  parcels: [{ weightKg: 2 }, { weightKg: 1 }],
  labelFormat: 'PDF',
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
    return null
  } catch (e) {
    return isWismoError(e) ? { code: e.code, details: e.details } : e
  }
}

describe('sandbox labels', () => {
  it('quotes the services of the lanes joining the addresses, the city’s lane first', async () => {
    const { labels } = sandboxCarrier({ seed: 1, webhookSecret, clock })
    const quote = await labels.quote(input, { requestKey: 'k1' })
    expect(quote.rates).toEqual([
      {
        id: 'rate_us-bos-den',
        service: 'Ground',
        carrier: 'Sandbox Express',
        amount: 15.25,
        currency: 'USD',
        deliveryDays: 4,
      },
    ])
    const anyUs = await labels.quote({ ...input, to: { ...input.to, city: 'Nowhere' } }, { requestKey: 'k2' })
    expect(anyUs.rates.map((r) => r.service).sort()).toEqual(['Express', 'Ground'])
  })

  it('buys once per quote, one tracking number per parcel, and recovers the purchase', async () => {
    const carrier = sandboxCarrier({ seed: 1, webhookSecret, clock })
    const quote = await carrier.labels.quote(input, { requestKey: 'k' })
    const rate = quote.rates[0]
    if (!rate) throw new Error('no rate')
    expect(await carrier.labels.recover(quote.ref, { requestKey: 'k' })).toBeNull()
    const label = await carrier.labels.buy(quote, rate, { requestKey: 'k' })
    // Two parcels: a shipment number of its own, each parcel a piece of it (like a DHL waybill).
    expect(label.pieces).toHaveLength(2)
    expect(label.pieces).not.toContain(label.trackingNumber)
    const parcels = carrier.simulator.piecesOf(label.trackingNumber)
    expect(parcels.map((p) => p.trackingNumber)).toEqual(label.pieces)
    expect(parcels.map((p) => p.lane)).toEqual(['us-bos-den', 'us-bos-den'])
    const [polled] = await carrier.track([label.trackingNumber])
    expect(new Set(polled?.events.map((e) => e.piece))).toEqual(new Set(label.pieces))
    expect(label.estimates?.[0]).toMatchObject({ source: 'carrier_scheduled' })
    const pdf = Buffer.from(label.label.data ?? '', 'base64').toString('latin1')
    expect(pdf).toMatch(/^%PDF-1\.4\n/)
    expect(pdf).toContain(`(PARCEL 1/2: ${label.pieces?.[0]})`)
    expect(pdf).toContain('Sam \\(Carter\\)')
    // The cross-reference table points at each object.
    const xref = Number(/startxref\n(\d+)/.exec(pdf)?.[1])
    expect(pdf.slice(xref, xref + 4)).toBe('xref')
    expect(await carrier.labels.recover(quote.ref, { requestKey: 'k' })).toEqual(label)
    expect(await codeOf(carrier.labels.buy(quote, rate, { requestKey: 'k' }))).toMatchObject({
      code: 'CARRIER_REQUEST_REJECTED',
    })
  })

  it('prints ZPL, refuses PNG, and refuses a country it does not serve naming the field', async () => {
    const { labels } = sandboxCarrier({ seed: 1, webhookSecret, clock })
    const zplQuote = await labels.quote({ ...input, labelFormat: 'ZPL' }, { requestKey: 'z' })
    const zpl = await labels.buy(zplQuote, zplQuote.rates[0] as never, { requestKey: 'z' })
    expect(Buffer.from(zpl.label.data ?? '', 'base64').toString()).toMatch(/^\^XA.*\^XZ$/)
    const pngQuote = await labels.quote({ ...input, labelFormat: 'PNG' }, { requestKey: 'p' })
    expect(await codeOf(labels.buy(pngQuote, pngQuote.rates[0] as never, { requestKey: 'p' }))).toMatchObject(
      {
        code: 'CARRIER_UNSUPPORTED',
        details: { field: 'labelFormat' },
      },
    )
    expect(
      await codeOf(labels.quote({ ...input, to: { ...input.to, country: 'BR' } }, { requestKey: 'b' })),
    ).toMatchObject({
      code: 'SHIPMENT_ADDRESS_INVALID',
      details: { field: 'to.country' },
    })
  })

  it('ships an order through wismo.createShipment: a multi-piece shipment tracked by webhooks', async () => {
    let now = clock()
    const sandbox = sandboxCarrier({ seed: 3, webhookSecret, clock: () => now })
    const wismo = createWismo({ carriers: [sandbox], clock: () => now })
    await wismo.registerOrder({ id: 'A-1', customer: { email: 'sam@example.com' } })
    sandbox.simulator.forceScenarios('delivered', 'delivered')
    const { shipment, created } = await wismo.createShipment({ orderId: 'A-1', carrier: 'sandbox', ...input })
    expect(created).toBe(true)
    expect(shipment.pieces?.map((p) => p.trackingNumber)).toHaveLength(2)
    now = new Date('2026-04-01T00:00:00Z')
    for (const request of await sandbox.simulator.webhooksUntil(now))
      expect((await wismo.webhooks.handle(request)).status).toBe(200)
    const view = await wismo.getShipment(shipment.id)
    expect(view.shipment.status).toBe('delivered')
    expect(view.shipment.pieces?.map((p) => p.status)).toEqual(['delivered', 'delivered'])
    // Each parcel's scans are its own: one delivery scan per piece.
    const deliveries = view.timeline.filter((e) => e.status === 'delivered').map((e) => e.piece)
    expect(deliveries.sort()).toEqual([...(shipment.pieces?.map((p) => p.trackingNumber) ?? [])].sort())
    expect(await wismo.listShipments('A-1')).toHaveLength(1)
  })
})
