/** Label buying through the EasyPost stand-in: quote → buy → recover, refusals, several parcels. */
import { isWismoError, type LabelQuoteInput, PostalAddressSchema } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BAD_STREET, easypostHandlers, newState, testEasypost } from './easypost-api.ts'

const state = newState()
const server = setupServer(...easypostHandlers(state))
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const context = { requestKey: 'order-1001' }
const from = PostalAddressSchema.parse({
  name: 'Jack Sparrow',
  street1: '388 Townsend St',
  street2: 'Apt 20',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94107',
  country: 'us',
  phone: '5555555555',
})
const to = PostalAddressSchema.parse({
  name: 'Elizabeth Swan',
  street1: '179 N Harbor Dr',
  city: 'Redondo Beach',
  region: 'CA',
  postalCode: '90277',
  country: 'US',
  email: 'test@example.com',
})
const input: LabelQuoteInput = {
  from,
  to,
  parcels: [{ weightKg: 1.2, lengthCm: 30, widthCm: 20, heightCm: 10 }],
  labelFormat: 'PDF',
  reference: 'order-1001',
}

async function errorOf(p: Promise<unknown>) {
  return p.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  )
}

describe('EasyPost labels', () => {
  const { labels } = testEasypost()

  it('quotes a shipment in EasyPost’s units and buys, then recovers, its label', async () => {
    const quote = await labels.quote(input, context)
    expect(quote.ref).toMatch(/^shp_/)
    expect(quote.rates.map((r) => [r.service, r.carrier, r.amount, r.currency, r.deliveryDays])).toEqual([
      ['GroundAdvantage', 'USPS', 6.4, 'USD', 3],
      ['Priority', 'USPS', 9.87, 'USD', 2],
      ['Express', 'USPS', 31.25, 'USD', 1],
    ])
    expect(quote.rates[1]?.deliveryDate).toBe('2026-03-05')

    const sent = state.shipments.get(quote.ref)?.body ?? {}
    // 1.2 kg = 42.33 oz and 30 × 20 × 10 cm = 11.81 × 7.87 × 3.94 in, rounded up to tenths.
    expect(sent.parcel).toEqual({ weight: 42.4, length: 11.9, width: 7.9, height: 4 })
    expect(sent.to_address).toEqual({
      name: 'Elizabeth Swan',
      street1: '179 N Harbor Dr',
      city: 'Redondo Beach',
      state: 'CA',
      zip: '90277',
      country: 'US',
      email: 'test@example.com',
    })
    expect(sent).toMatchObject({ reference: 'order-1001', options: { label_format: 'PDF' } })

    expect(await labels.recover(quote.ref, context)).toBeNull()
    const priority = quote.rates[1] ?? expect.fail('a Priority rate')
    const label = await labels.buy(quote, priority, context)
    expect(label).toMatchObject({
      trackingCarrier: 'USPS',
      service: 'Priority',
      rate: { amount: 9.87, currency: 'USD' },
      label: { url: `https://easypost-files.example/files/postage_label/${quote.ref}.pdf`, format: 'PDF' },
      estimates: [
        { source: 'carrier_scheduled', date: '2026-03-06T20:00:00' },
        { source: 'carrier_guaranteed', date: '2026-03-07' },
      ],
    })
    expect(label.trackingNumber).toMatch(/^9400100000000000\d{6}$/)
    expect(label.carrierShipmentId).toMatch(/^trk_/)
    expect(await labels.recover(quote.ref, context)).toEqual(label)
  })

  it('refuses to buy a bought shipment again, naming the label already bought', async () => {
    const quote = await labels.quote(input, context)
    const rate = quote.rates[0] ?? expect.fail('a rate')
    const first = await labels.buy(quote, rate, context)
    const error = await errorOf(labels.buy(quote, rate, context))
    expect(isWismoError(error, 'CARRIER_REQUEST_REJECTED')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({
      reason: 'already_bought',
      ref: quote.ref,
      trackingNumber: first.trackingNumber,
      easypostCode: 'SHIPMENT.POSTAGE.EXISTS',
    })
  })

  it('refuses an address EasyPost cannot verify as SHIPMENT_ADDRESS_INVALID with the field', async () => {
    const bad = { ...input, to: { ...to, street1: BAD_STREET } }
    const error = await errorOf(labels.quote(bad, context))
    expect(isWismoError(error, 'SHIPMENT_ADDRESS_INVALID')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({
      field: 'to.street1',
      easypostCode: 'ADDRESS.VERIFY.FAILURE',
      errors: [
        { field: 'address', message: 'Address not found' },
        { field: 'street1', message: 'House number is missing' },
      ],
    })
  })

  it('refuses a rate that is not the shipment’s as a coded rejection', async () => {
    const quote = await labels.quote(input, context)
    const foreign = { id: 'rate_unknown', service: 'Priority', carrier: 'USPS', amount: 1, currency: 'USD' }
    const error = await errorOf(labels.buy(quote, foreign, context))
    expect(isWismoError(error, 'CARRIER_REQUEST_REJECTED')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({ easypostCode: 'SHIPMENT.RATE.INVALID' })
  })

  it('recovers nothing for a ref EasyPost does not know', async () => {
    expect(await labels.recover('shp_00000000000000000000000000000000', context)).toBeNull()
  })

  it('buys several parcels as one EasyPost order: one number per parcel', async () => {
    const several = { ...input, parcels: [{ weightKg: 1 }, { weightKg: 2.5 }] }
    const quote = await labels.quote(several, context)
    expect(quote.ref).toMatch(/^order_/)
    expect(quote.rates.map((r) => [r.service, r.amount])).toEqual([
      ['GroundAdvantage', 12.8],
      ['Priority', 19.74],
      ['Express', 62.5],
    ])
    const parcels = [...state.shipments.values()].slice(-2).map((s) => s.body.parcel)
    expect(parcels).toEqual([{ weight: 35.3 }, { weight: 88.2 }])

    const label = await labels.buy(quote, quote.rates[0] ?? expect.fail('a rate'), context)
    expect(label.pieces).toHaveLength(2)
    expect(label.pieces?.[0]).toBe(label.trackingNumber)
    expect(label.rate).toEqual({ amount: 12.8, currency: 'USD' })
    expect(await labels.recover(quote.ref, context)).toEqual(label)
  })
})
