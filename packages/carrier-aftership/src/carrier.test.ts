import { isWismoError, type Shipment, type TrackingUpdate } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { aftershipHandlers, FakeAftership, NUMBERS, TRACKINGS, testAftership } from '../test/aftership-api.ts'

let fake = new FakeAftership()
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

/** A fresh account on the stand-in for each test. */
function serve() {
  fake = new FakeAftership()
  server.use(...aftershipHandlers(fake))
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection')
}

function shipment(fields: Partial<Shipment> = {}): Shipment {
  return {
    id: 'shp_1',
    orderId: 'order-1001',
    carrier: 'aftership',
    trackingNumber: NUMBERS.creatable,
    carrierShipmentId: null,
    service: null,
    origin: null,
    destination: null,
    direction: 'outbound',
    status: 'pending',
    subStatus: null,
    statusChangedAt: null,
    lastEventAt: null,
    eta: null,
    promisedDate: '2026-03-09',
    metadata: {},
    version: 0,
    createdAt: '2026-03-04T12:00:00.000Z',
    updatedAt: '2026-03-04T12:00:00.000Z',
    ...fields,
  }
}

describe('track', () => {
  it('maps a tracking: events with their own times, places, codes; service, addresses, estimates', async () => {
    serve()
    const [update] = (await testAftership().track([NUMBERS.inTransit])) as [TrackingUpdate]
    expect(update).toMatchObject({
      carrier: 'aftership',
      trackingNumber: NUMBERS.inTransit,
      carrierShipmentId: 'f1a7c3e2b9d04e6f8a2b5c7d9e1f3a5b',
      source: 'poll',
      service: 'usps: USPS Ground Advantage',
      origin: { city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'USA' },
      destination: { city: 'Brooklyn', region: 'NY', postalCode: '11201', country: 'USA' },
    })
    expect(update.events.map((e) => [e.occurredAt, e.rawCode, e.status, e.subStatus])).toEqual([
      ['2026-03-02T07:02:00-08:00', 'InfoReceived_001', 'info_received', null],
      ['2026-03-02T17:45:00-08:00', 'InTransit_002', 'in_transit', 'picked_up'],
      ['2026-03-02T22:01:00-08:00', 'InTransit_003', 'in_transit', 'arrived_at_facility'],
      ['2026-03-04T05:12:00', 'InTransit_007', 'in_transit', 'departed_facility'],
    ])
    expect(update.events[1]).toMatchObject({
      rawText: 'USPS in possession of item',
      location: {
        city: 'LOS ANGELES',
        region: 'CA',
        postalCode: '90001',
        country: 'USA',
        text: 'LOS ANGELES, CA 90001',
      },
    })
    expect(
      update.estimates?.map((e) => [e.source, e.date, e.earliest ?? null, e.latest ?? null, e.confidence]),
    ).toEqual([
      ['carrier_scheduled', '2026-03-06', '2026-03-05', '2026-03-06', 0.75],
      ['model', '2026-03-05', '2026-03-05', '2026-03-06', 0.8],
      ['host_promised', '2026-03-09', '2026-03-05', '2026-03-09', 0.45],
      ['host_promised', '2026-03-07', null, null, 0.5],
      ['carrier_rescheduled', '2026-03-06', null, null, 0.8],
    ])
  })

  it('asks for many numbers at once (50 a request) with the API key', async () => {
    serve()
    const numbers = [
      NUMBERS.delivered,
      NUMBERS.returned,
      ...Array.from({ length: 58 }, (_, i) => `QQ${1000 + i}`),
    ]
    const updates = await testAftership({ createMissing: false }).track(numbers)
    expect(updates.map((u) => u.trackingNumber)).toEqual([NUMBERS.delivered, NUMBERS.returned])
    const lists = fake.requests.filter((r) => r.method === 'GET')
    expect(lists.map((r) => r.url.searchParams.get('tracking_numbers')?.split(',').length)).toEqual([50, 10])
    expect(fake.requests.some((r) => r.method === 'POST')).toBe(false)
  })

  it('creates a number AfterShip does not track yet (courier detected) and answers its empty tracking', async () => {
    serve()
    const [update] = await testAftership().track([NUMBERS.creatable])
    expect(update).toMatchObject({
      trackingNumber: NUMBERS.creatable,
      carrierShipmentId: '5c4b3a29180f4e7d6c5b4a3928170f6e',
      service: 'dhl-germany',
      events: [],
    })
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toEqual({
      tracking_number: NUMBERS.creatable,
    })
    // The next poll finds it in the account: no second create.
    await testAftership().track([NUMBERS.creatable])
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('sends the configured slug when listing and creating', async () => {
    serve()
    const updates = await testAftership({ slug: 'ups' }).track([NUMBERS.unknown])
    expect(updates.map((u) => [u.trackingNumber, u.service])).toEqual([[NUMBERS.unknown, 'ups']])
    expect(fake.requests[0]?.url.searchParams.get('slug')).toBe('ups')
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toEqual({
      tracking_number: NUMBERS.unknown,
      slug: 'ups',
    })
  })

  it('applies the host’s statusOverrides', async () => {
    serve()
    const carrier = testAftership({
      statusOverrides: { InTransit_003: { status: 'in_transit', subStatus: 'at_hub' } },
    })
    const [update] = (await carrier.track([NUMBERS.inTransit])) as [TrackingUpdate]
    expect(update.events[2]?.subStatus).toBe('at_hub')
  })

  it('leaves out a number whose courier AfterShip cannot detect', async () => {
    serve()
    expect(await testAftership().track([NUMBERS.unknown])).toEqual([])
  })

  it('keeps a returned parcel returned and a stopped tracking’s final tag', async () => {
    serve()
    const [update] = (await testAftership().track([NUMBERS.returned])) as [TrackingUpdate]
    expect(update.events.map((e) => [e.occurredAt, e.status, e.subStatus])).toEqual([
      ['2026-01-06T09:30:00', 'in_transit', 'picked_up'],
      ['2026-01-13T16:05:00', 'exception', 'returning_to_sender'],
      ['2026-01-28', 'returned', 'returned_to_sender'],
    ])
  })
})

describe('errors', () => {
  it('a refused API key is CARRIER_AUTH_FAILED', async () => {
    serve()
    const error = await errorOf(testAftership({ apiKey: 'asat_wrong_key_000000' }).track([NUMBERS.inTransit]))
    expect(isWismoError(error, 'CARRIER_AUTH_FAILED')).toBe(true)
  })

  it('429 with X-RateLimit-Reset is CARRIER_RATE_LIMITED with retryAfterMs', async () => {
    // Further away than the client waits in-process (60 s): it fails at once, saying when to retry.
    const reset = Math.floor(Date.now() / 1000) + 300
    server.use(
      http.get(TRACKINGS, () =>
        HttpResponse.json(
          {
            meta: {
              code: 429,
              message: 'You have exceeded the API call rate limit.',
              type: 'TooManyRequests',
            },
          },
          { status: 429, headers: { 'x-ratelimit-reset': String(reset), 'x-ratelimit-remaining': '0' } },
        ),
      ),
    )
    const error = await errorOf(testAftership().track([NUMBERS.inTransit]))
    expect(isWismoError(error, 'CARRIER_RATE_LIMITED')).toBe(true)
    const after = (error as { retryAfterMs?: number }).retryAfterMs ?? 0
    expect(after).toBeGreaterThan(200_000)
    expect(after).toBeLessThanOrEqual(301_000)
  })

  it('5xx is retried, then CARRIER_UNAVAILABLE', async () => {
    let calls = 0
    server.use(
      http.get(TRACKINGS, () => {
        calls++
        return HttpResponse.json({ meta: { code: 500, message: 'Something went wrong' } }, { status: 503 })
      }),
    )
    const error = await errorOf(testAftership({ retries: 1 }).track([NUMBERS.inTransit]))
    expect(isWismoError(error, 'CARRIER_UNAVAILABLE')).toBe(true)
    expect(calls).toBe(2)
  })

  it('an answer of another shape is CARRIER_RESPONSE_INVALID with the body kept', async () => {
    server.use(
      http.get(TRACKINGS, () =>
        HttpResponse.json({ meta: { code: 200 }, data: { trackings: [{ slug: 'x' }] } }),
      ),
    )
    const error = await errorOf(testAftership().track([NUMBERS.inTransit]))
    expect(isWismoError(error, 'CARRIER_RESPONSE_INVALID')).toBe(true)
    expect(JSON.stringify((error as { details?: unknown }).details)).toContain('slug')
  })
})

describe('register', () => {
  it('creates the tracking with the order id and promised date', async () => {
    serve()
    await expect(testAftership().register(shipment())).resolves.toBeUndefined()
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toEqual({
      tracking_number: NUMBERS.creatable,
      order_id: 'order-1001',
      order_promised_delivery_date: '2026-03-09',
    })
    expect(fake.trackings.has(NUMBERS.creatable)).toBe(true)
  })

  it('a shipment’s own slug (metadata.aftershipSlug) beats the option', async () => {
    serve()
    await testAftership({ slug: 'ups' }).register(
      shipment({ trackingNumber: NUMBERS.unknown, metadata: { aftershipSlug: 'fedex' } }),
    )
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ slug: 'fedex' })
  })

  it('an already tracked number is fine (AfterShip answers 4003)', async () => {
    serve()
    await expect(
      testAftership().register(shipment({ trackingNumber: NUMBERS.inTransit })),
    ).resolves.toBeUndefined()
  })

  it('a number AfterShip refuses is CARRIER_REQUEST_REJECTED', async () => {
    serve()
    const error = await errorOf(testAftership().register(shipment({ trackingNumber: NUMBERS.unknown })))
    expect(isWismoError(error, 'CARRIER_REQUEST_REJECTED')).toBe(true)
  })
})

describe('declared behaviour', () => {
  it('declares AfterShip’s 10 requests/s, 50 numbers a call, no label buying', () => {
    const carrier = testAftership({ requestsPerSecond: undefined })
    expect(carrier.limits).toEqual({ requestsPerSecond: 10 })
    expect(carrier.capabilities).toEqual({
      track: true,
      webhooks: true,
      accountWebhooks: true,
      register: true,
      createShipment: false,
      batch: 50,
    })
    expect(carrier.labels).toBeUndefined()
  })
})
