import { isWismoError, type LabelQuoteInput, PostalAddressSchema } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { shippoApi, testShippo } from './shippo-api.ts'

const api = shippoApi()
const server = setupServer(...api.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  api.calls.length = 0
})
afterAll(() => server.close())

const from = PostalAddressSchema.parse({
  name: 'Shop Warehouse',
  street1: '215 Clayton St.',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94117',
  country: 'us',
})
const to = PostalAddressSchema.parse({
  name: 'Ada Customer',
  street1: '2920 Telegraph Ave',
  city: 'Berkeley',
  region: 'CA',
  postalCode: '94705',
  country: 'US',
})
const box = { weightKg: 1.2, lengthCm: 30, widthCm: 20, heightCm: 10 }
const input = (o: Partial<LabelQuoteInput> = {}): LabelQuoteInput => ({
  from,
  to,
  parcels: [box],
  labelFormat: 'PDF',
  ...o,
})

async function errorOf(p: Promise<unknown>) {
  try {
    await p
  } catch (e) {
    if (isWismoError(e)) return e
    throw e
  }
  throw new Error('expected a rejection')
}

describe('Shippo labels', () => {
  it('quotes, buys and recovers one parcel', async () => {
    const { labels } = testShippo()
    const ctx = { requestKey: 'order-1001:1' }
    const quote = await labels.quote(input({ labelFormat: 'ZPL' }), ctx)
    expect(quote.ref).toMatch(/^5e40ead7cffe4cc1ad4510869616\d{4}$/)
    expect(quote.rates).toEqual([
      {
        id: expect.stringMatching(/^545ab0a1a6ea4c9f9adb2512a57d\d{4}$/),
        service: 'usps_priority',
        carrier: 'USPS',
        amount: 8.45,
        currency: 'USD',
        deliveryDays: 2,
        deliveryDate: null,
      },
      // arrives_by is a time of day ("23:00:00"), not a date: no deliveryDate.
      expect.objectContaining({ service: 'ups_ground', carrier: 'UPS', amount: 12.9, deliveryDate: null }),
    ])
    const rate = quote.rates[0] as (typeof quote.rates)[number]
    const label = await labels.buy(quote, rate, ctx)
    expect(label).toEqual({
      trackingNumber: '9405511899223197428490',
      carrierShipmentId: expect.stringMatching(/^70ae8117ee1749e393f249d5b77c\d{4}$/),
      trackingCarrier: 'USPS',
      service: 'usps_priority',
      rate: { amount: 8.45, currency: 'USD' },
      label: { url: expect.stringMatching(/\.zpl$/), format: 'ZPL' },
      estimates: [{ source: 'carrier_scheduled', date: '2026-03-03', confidence: 0.7 }],
    })
    expect(api.transactions.at(-1)).toMatchObject({ metadata: 'order-1001:1' })
    expect(await labels.recover(quote.ref, ctx)).toEqual(label)
    // Bought again (a retry after a lost answer): the label already bought, no second purchase.
    const before = api.transactions.length
    expect(await labels.buy(quote, rate, ctx)).toEqual(label)
    expect(api.transactions.length).toBe(before)
  })

  it('sends kg / cm parcels, both addresses and async: false', async () => {
    const { labels } = testShippo()
    let sent: unknown
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/shipments/'))
        sent = await request.clone().json()
    })
    await labels.quote(input({ reference: 'Order #1001' }), { requestKey: 'k' })
    server.events.removeAllListeners()
    expect(sent).toMatchObject({
      address_from: {
        name: 'Shop Warehouse',
        street1: '215 Clayton St.',
        state: 'CA',
        zip: '94117',
        country: 'US',
      },
      address_to: { city: 'Berkeley', zip: '94705' },
      parcels: [
        { length: '30', width: '20', height: '10', distance_unit: 'cm', weight: '1.2', mass_unit: 'kg' },
      ],
      async: false,
      metadata: 'Order #1001',
    })
  })

  it('gives the pieces of a multi-parcel shipment (one Shippo transaction per parcel)', async () => {
    const { labels } = testShippo()
    const quote = await labels.quote(input({ parcels: [box, box, { ...box, weightKg: 3 }] }), {
      requestKey: 'm',
    })
    const label = await labels.buy(quote, quote.rates[0] as (typeof quote.rates)[number], { requestKey: 'm' })
    expect(label.pieces).toHaveLength(3)
    expect(label.pieces?.[0]).toBe(label.trackingNumber)
    expect(new Set(label.pieces).size).toBe(3)
    expect(api.calls).toContain(`GET /transactions/?rate=${quote.rates[0]?.id}&results=100`)
  })

  it('recovers nothing for a quote that was never bought, or unknown to Shippo', async () => {
    const { labels } = testShippo()
    const quote = await labels.quote(input(), { requestKey: 'r' })
    expect(await labels.recover(quote.ref, { requestKey: 'r' })).toBeNull()
    expect(await labels.recover('0000000000000000', { requestKey: 'r' })).toBeNull()
  })

  it('refuses an address Shippo refuses at quote time: SHIPMENT_ADDRESS_INVALID naming the field', async () => {
    const { labels } = testShippo()
    const bad = PostalAddressSchema.parse({ ...to, postalCode: '00000' })
    const error = await errorOf(labels.quote(input({ to: bad }), { requestKey: 'a' }))
    expect(error.code).toBe('SHIPMENT_ADDRESS_INVALID')
    expect(error.details).toMatchObject({ field: 'to.postalCode', messages: [{ source: 'USPS' }] })
  })

  it('turns a transaction ERROR into a coded error with the carrier’s message', async () => {
    const { labels } = testShippo()
    const quote = await labels.quote(input(), { requestKey: 'e' })
    const ups = quote.rates.find((r) => r.service === 'ups_ground') as (typeof quote.rates)[number]
    const error = await errorOf(labels.buy(quote, ups, { requestKey: 'e' }))
    expect(error.code).toBe('SHIPMENT_ADDRESS_INVALID')
    expect(error.details).toMatchObject({ field: 'to.city', messages: [{ source: 'UPS', code: '120202' }] })
  })

  it('refuses a parcel without its box before any call (Shippo needs all three sides)', async () => {
    const { labels } = testShippo()
    const error = await errorOf(labels.quote(input({ parcels: [box, { weightKg: 2 }] }), { requestKey: 'b' }))
    expect(error.code).toBe('INPUT_INVALID')
    expect(error.details).toEqual({ field: 'parcels.1' })
    expect(api.calls).toEqual([])
  })
})
