import { isWismoError, type TrackingUpdate, type WismoError } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { API_KEY, BASE, NUMBERS, shippoApi, testShippo } from './shippo-api.ts'

const api = shippoApi()
const server = setupServer(...api.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  server.resetHandlers()
  api.calls.length = 0
})
afterAll(() => server.close())

const trackUrl = `${BASE}/tracks/:carrier/:number`

async function errorOf(p: Promise<unknown>): Promise<WismoError> {
  try {
    await p
  } catch (e) {
    if (isWismoError(e)) return e
    throw e
  }
  throw new Error('expected a rejection')
}

const shipment = (trackingNumber: string, metadata: Record<string, string> = {}) =>
  ({ id: 'shp_1', trackingNumber, metadata }) as never

describe('track', () => {
  it('maps a track: events, places, service, addresses, the Shippo transaction, ETAs as dates', async () => {
    const [update] = (await testShippo().track([NUMBERS.inTransit])) as [TrackingUpdate]
    expect(update).toMatchObject({
      carrier: 'shippo',
      trackingNumber: NUMBERS.inTransit,
      carrierShipmentId: 'c1a8e2f0d3b34b2f9d0a6b7c8e9f0a1b',
      source: 'poll',
      service: 'UPS Ground',
      origin: { city: 'Louisville', region: 'KY', postalCode: '40213', country: 'US' },
      destination: { city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
    })
    expect(update.events.map((e) => [e.occurredAt, e.rawCode, e.status, e.subStatus])).toEqual([
      ['2026-03-02T13:58:00Z', 'PRE_TRANSIT:information_received', 'info_received', 'label_created'],
      ['2026-03-02T22:40:00Z', 'TRANSIT:package_accepted', 'in_transit', 'picked_up'],
      ['2026-03-03T07:15:00Z', 'TRANSIT:package_departed', 'in_transit', 'departed_facility'],
      ['2026-03-04T08:55:00Z', 'TRANSIT:delayed', 'in_transit', 'delayed'],
    ])
    expect(update.events[1]?.location).toEqual({ city: 'Louisville', region: 'KY', country: 'US' })
    expect(update.events[3]?.providerEventId).toBe('e3f1a0b2c4d54e6f8a9b0c1d2e3f4a5b')
    // eta slipped a day from original_eta; both are dates (Shippo wrote them as UTC midnights).
    expect(update.estimates).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.5 },
      { source: 'carrier_scheduled', date: '2026-03-06', confidence: 0.7 },
    ])
  })

  it('asks Shippo with the detected carrier token and the ShippoToken header', async () => {
    await testShippo().track([NUMBERS.delivered, ' 1z999aa1-0123456784 '])
    expect(api.calls).toEqual([
      `GET /tracks/usps/${NUMBERS.delivered}`,
      `GET /tracks/ups/${NUMBERS.inTransit}`,
    ])
  })

  it('uses the host’s resolver first, then detection, then defaultCarrier', async () => {
    const resolved = testShippo({ resolveCarrier: (n) => (n === NUMBERS.inTransit ? 'ups' : null) })
    expect(await resolved.track([NUMBERS.inTransit])).toHaveLength(1)
    const fallback = testShippo({ defaultCarrier: 'usps' })
    expect(await fallback.track(['ZZ0000000001'])).toEqual([])
    expect(api.calls).toEqual([`GET /tracks/ups/${NUMBERS.inTransit}`, 'GET /tracks/usps/ZZ0000000001'])
  })

  it('refuses a number whose carrier nothing can tell: CARRIER_UNSUPPORTED, no request', async () => {
    const error = await errorOf(testShippo().track(['ZZ0000000001']))
    expect(error.code).toBe('CARRIER_UNSUPPORTED')
    expect(api.calls).toEqual([])
  })

  it.each([
    [401, {}, 'CARRIER_AUTH_FAILED'],
    [400, {}, 'CARRIER_REQUEST_REJECTED'],
    [500, {}, 'CARRIER_UNAVAILABLE'],
    [429, { 'retry-after': '120' }, 'CARRIER_RATE_LIMITED'],
  ] as const)('HTTP %i → %s', async (status, headers, code) => {
    server.use(http.get(trackUrl, () => HttpResponse.json({ detail: 'no' }, { status, headers })))
    const error = await errorOf(testShippo().track([NUMBERS.delivered]))
    expect(error.code).toBe(code)
    if (status === 429) expect(error.retryAfterMs).toBe(120_000)
  })

  it('waits out a short Retry-After and then succeeds', async () => {
    let calls = 0
    server.use(
      http.get(trackUrl, () => {
        calls += 1
        return calls === 1
          ? HttpResponse.json({}, { status: 429, headers: { 'retry-after': '1' } })
          : undefined
      }),
    )
    const updates = await testShippo({ retries: 1 }).track([NUMBERS.delivered])
    expect(updates).toHaveLength(1)
    expect(calls).toBe(2)
  })

  it('an answer that is no track is CARRIER_RESPONSE_INVALID', async () => {
    server.use(http.get(trackUrl, () => HttpResponse.json({ results: [] })))
    expect((await errorOf(testShippo().track([NUMBERS.delivered]))).code).toBe('CARRIER_RESPONSE_INVALID')
    server.use(
      http.get(
        trackUrl,
        () => new HttpResponse('{"carrier":', { headers: { 'content-type': 'application/json' } }),
      ),
    )
    expect((await errorOf(testShippo().track([NUMBERS.delivered]))).code).toBe('CARRIER_RESPONSE_INVALID')
  })

  it('a wrong API token is CARRIER_AUTH_FAILED and never appears in the error', async () => {
    const error = await errorOf(
      testShippo({ apiKey: 'shippo_test_wrong_wrong_wrong_0000' }).track([NUMBERS.delivered]),
    )
    expect(error.code).toBe('CARRIER_AUTH_FAILED')
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain('shippo_test_wrong')
    expect(JSON.stringify(error)).not.toContain(API_KEY)
  })
})

describe('register', () => {
  it('registers a tracking webhook with the carrier token, and remembers it for polls', async () => {
    const shippo = testShippo()
    await shippo.register(shipment(NUMBERS.inTransit, { shippoCarrier: 'ups' }))
    expect(api.calls).toEqual(['POST /tracks/'])
    expect(await shippo.register(shipment(NUMBERS.delivered))).toBeUndefined()
    // The host said this USPS-looking number is UPS: later polls ask Shippo for it under `ups`.
    await shippo.register(shipment(NUMBERS.delivered, { shippoCarrier: 'ups' }))
    api.calls.length = 0
    await shippo.track([NUMBERS.delivered])
    expect(api.calls).toEqual([`GET /tracks/ups/${NUMBERS.delivered}`])
  })

  it('a carrier Shippo does not support is CARRIER_REQUEST_REJECTED', async () => {
    const error = await errorOf(
      testShippo().register(shipment(NUMBERS.delivered, { shippoCarrier: 'fedex' })),
    )
    expect(error.code).toBe('CARRIER_REQUEST_REJECTED')
  })

  it('a number of a carrier nothing can tell is CARRIER_UNSUPPORTED', async () => {
    expect((await errorOf(testShippo().register(shipment('ZZ0000000001')))).code).toBe('CARRIER_UNSUPPORTED')
  })
})
