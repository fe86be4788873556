import { deriveState, isWismoError, type Status, type TrackingUpdate } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { uspsCarrier } from '../src/index.ts'
import { karrio, karrioAvailable } from './karrio-data.ts'
import { BASE, CREDENTIALS, uspsServer } from './usps-api.ts'

/**
 * Every USPS tracking body karrio (karrioapi/karrio @ deea10f, LGPL-3.0, read from ../shared/data,
 * never copied) records, through the
 * adapter. Decisions per file:
 * - `usps__TrackingResponse.json`: a real delivered parcel → delivered, 12 scans.
 * - `usps__schema_tracking_responses.json` [0]: the same real parcel → delivered, 12 scans.
 * - `usps__schema_tracking_responses.json` [1]: USPS's OpenAPI sample, `"string"` placeholders
 *   with typed values (JSON booleans, `-7:00`, `…Z` times). Kept: it proves the schema takes
 *   USPS's documented types as well as the string booleans real answers carry; its placeholder
 *   code, type and category must map to nothing, so the parcel stays `pending` (1 scan, unmapped).
 * - `usps__ErrorResponse.json`: USPS's error envelope (placeholders) → `CARRIER_REQUEST_REJECTED`
 *   whether it comes with HTTP 400 or inside a 200; with HTTP 404 the number is left out.
 * - `usps__AuthErrorResponse.json`: the OAuth server's refusal → `CARRIER_AUTH_FAILED`.
 */
const { server } = uspsServer({})
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const carrier = uspsCarrier({ ...CREDENTIALS, baseUrl: BASE, retries: 0 })
const NUMBER = '9400109104250532908587'
const SLOW = 20_000

const serve = (body: unknown, status = 200) =>
  server.use(
    http.get(`${BASE}/tracking/v3/tracking/:n`, () =>
      HttpResponse.json(body as Record<string, unknown>, { status }),
    ),
  )

const milestone = (u: TrackingUpdate): Status =>
  deriveState(u.events.map((e, i) => ({ ...e, subStatus: e.subStatus ?? null, dedupKey: String(i) }))).status

const schemaSamples = (i: number) => karrio<unknown[]>('schema_samples/usps__tracking_responses.json')[i]

describe.skipIf(!karrioAvailable)('karrio USPS bodies: tracking answers', () => {
  it.each([
    {
      file: 'usps__TrackingResponse.json',
      body: () => karrio('responses/usps__TrackingResponse.json'),
      status: 'delivered',
      events: 12,
      unmapped: 0,
    },
    {
      file: 'usps__schema_tracking_responses.json[0]',
      body: () => schemaSamples(0),
      status: 'delivered',
      events: 12,
      unmapped: 0,
    },
    {
      file: 'usps__schema_tracking_responses.json[1] (doc sample)',
      body: () => schemaSamples(1),
      status: 'pending',
      events: 1,
      unmapped: 1,
    },
  ])('$file → $status, $events scans', { timeout: SLOW }, async ({ body, status, events, unmapped }) => {
    serve(body())
    const [update] = await carrier.track([NUMBER])
    if (!update) return expect.fail('no update')
    expect(milestone(update)).toBe(status)
    expect(update.events).toHaveLength(events)
    expect(update.events.filter((e) => e.subStatus === 'unmapped')).toHaveLength(unmapped)
  })

  it('the real parcel in detail: times with offsets, cleaned service, the piece id', {
    timeout: SLOW,
  }, async () => {
    serve(karrio('responses/usps__TrackingResponse.json'))
    const [u] = await carrier.track([NUMBER])
    expect(u?.service).toBe('USPS Ground Advantage™')
    expect(u?.carrierShipmentId).toBe('110158946')
    expect(u?.events[0]).toMatchObject({
      status: 'delivered',
      rawCode: '01',
      rawText: 'Delivered, Parcel Locker',
      occurredAt: '2024-11-22T13:58:00-05:00',
      location: { city: 'HERNANDO', region: 'FL', postalCode: '34442', text: 'HERNANDO, FL 34442' },
    })
    expect(u?.events.map((e) => e.status)).toEqual([
      'delivered',
      'out_for_delivery',
      ...Array(9).fill('in_transit'),
      'info_received',
    ])
    expect(u?.estimates).toBeUndefined()
  })

  it('the doc sample: typed booleans and dates read, placeholders left alone', {
    timeout: SLOW,
  }, async () => {
    serve(schemaSamples(1))
    const [u] = await carrier.track([NUMBER])
    // Its GMTTimestamp (2024) and GMTOffset contradict the stamp: the local time is kept, no offset.
    expect(u?.events[0]).toMatchObject({ rawCode: 'string', occurredAt: '2019-08-24T14:15:22' })
    expect(u?.estimates?.map((e) => [e.source, e.date])).toEqual([
      ['carrier_guaranteed', '2019-08-24'],
      ['carrier_scheduled', '2019-08-24'],
      ['carrier_window', '2019-08-24'],
    ])
  })
})

describe.skipIf(!karrioAvailable)('karrio USPS bodies: errors', () => {
  const codeOf = async (work: () => Promise<unknown>) => {
    try {
      await work()
    } catch (e) {
      return isWismoError(e) ? e.code : String(e)
    }
    return 'no error'
  }
  const errorBody = () => karrio('responses/usps__ErrorResponse.json')

  it.each([
    { as: 'HTTP 400', status: 400, code: 'CARRIER_REQUEST_REJECTED' },
    { as: 'a 200 body', status: 200, code: 'CARRIER_REQUEST_REJECTED' },
  ])('usps__ErrorResponse.json as $as → $code', { timeout: SLOW }, async ({ status, code }) => {
    serve(errorBody(), status)
    expect(await codeOf(() => carrier.track([NUMBER]))).toBe(code)
  })

  it('usps__ErrorResponse.json with HTTP 404 → the number is left out', { timeout: SLOW }, async () => {
    serve(errorBody(), 404)
    expect(await carrier.track([NUMBER])).toEqual([])
  })

  it('usps__AuthErrorResponse.json from the token endpoint, or as a tracking body → CARRIER_AUTH_FAILED', {
    timeout: SLOW,
  }, async () => {
    const auth = karrio('responses/usps__AuthErrorResponse.json') as Record<string, unknown>
    server.use(http.post(`${BASE}/oauth2/v3/token`, () => HttpResponse.json(auth, { status: 401 })))
    const fresh = uspsCarrier({ ...CREDENTIALS, baseUrl: BASE, retries: 0 })
    expect(await codeOf(() => fresh.track([NUMBER]))).toBe('CARRIER_AUTH_FAILED')
    server.resetHandlers()
    serve(auth)
    expect(await codeOf(() => carrier.track([NUMBER]))).toBe('CARRIER_AUTH_FAILED')
  })
})
