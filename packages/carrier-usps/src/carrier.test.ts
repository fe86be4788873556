import { type Carrier, deriveState, isWismoError, type Logger, type TrackingUpdate } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, CREDENTIALS, fixture, uspsServer } from '../test/usps-api.ts'
import { uspsCarrier } from './carrier.ts'

const IN_TRANSIT = '9405511206206410582148'
const { server, seen } = uspsServer({
  [IN_TRANSIT]: fixture('in-transit.json'),
  EE123456785US: fixture('international.json'),
})
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

/** Everything logged, as one string (to check that no secret leaks). */
function captureLog(): { log: Logger; text: () => string } {
  const lines: string[] = []
  const push = (level: string) => (obj: object, msg?: string) =>
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`)
  return {
    log: { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') },
    text: () => lines.join('\n'),
  }
}

const create = (extra: Record<string, unknown> = {}, log?: Logger): Carrier =>
  uspsCarrier({ ...CREDENTIALS, baseUrl: BASE, retries: 0, ...extra }, log ? { log } : {})

async function trackOne(carrier: Carrier, n: string): Promise<TrackingUpdate> {
  const [update] = await carrier.track([n])
  return update ?? expect.fail(`no update for ${n}`)
}

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work()
  } catch (e) {
    return e
  }
  return expect.fail('expected an error')
}

const milestone = (u: TrackingUpdate) =>
  deriveState(u.events.map((e, i) => ({ ...e, subStatus: e.subStatus ?? null, dedupKey: String(i) }))).status

describe('uspsCarrier: requests', () => {
  it('gets a token with a JSON client-credentials body and the tracking scope, then asks for DETAIL with it', async () => {
    await trackOne(create(), IN_TRANSIT)
    expect(seen.tokenContentTypes.at(-1)).toContain('application/json')
    expect(seen.tokenBodies.at(-1)).toEqual({
      grant_type: 'client_credentials',
      client_id: CREDENTIALS.clientId,
      client_secret: CREDENTIALS.clientSecret,
      scope: 'tracking',
    })
    expect(seen.tracked.at(-1)).toEqual({
      number: IN_TRANSIT,
      expand: 'DETAIL',
      authorization: `Bearer ${(fixture('token.json') as { access_token: string }).access_token}`,
    })
  })

  it('declares one number per call and a per-second limit', () => {
    const carrier = create()
    expect(carrier.id).toBe('usps')
    expect(carrier.capabilities).toMatchObject({ track: true, webhooks: false, register: false, batch: 1 })
    expect(carrier.limits.requestsPerSecond).toBe(1)
  })
})

describe('uspsCarrier: mapping', () => {
  const carrier = create()

  it('maps scans by code, by event type when the code is unknown, and keeps local times with their offsets', async () => {
    const u = await trackOne(carrier, IN_TRANSIT)
    expect(u.events.map((e) => [e.rawCode, e.status, e.subStatus, e.occurredAt])).toEqual([
      // U1 is in no table: its event type maps it.
      ['U1', 'in_transit', 'arrived_at_facility', '2026-03-03T04:12:00-07:00'],
      ['T1', 'in_transit', 'departed_facility', '2026-03-02T21:05:00-08:00'],
      ['10', 'in_transit', 'arrived_at_facility', '2026-03-01T19:48:00-08:00'],
      ['03', 'in_transit', 'picked_up', '2026-03-01T15:40:00-08:00'],
      ['GX', 'info_received', 'label_created', '2026-02-28T17:02:00'],
    ])
    expect(milestone(u)).toBe('in_transit')
  })

  it('cleans HTML from text, keeps the mail piece id, places and estimates', async () => {
    const u = await trackOne(carrier, IN_TRANSIT)
    expect(u).toMatchObject({
      carrier: 'usps',
      trackingNumber: IN_TRANSIT,
      carrierShipmentId: '120331557',
      source: 'poll',
      service: 'Priority Mail® 2-Day™',
      origin: { city: 'SEATTLE', region: 'WA', postalCode: '98101', text: 'SEATTLE, WA 98101' },
      destination: { city: 'DENVER', region: 'CO', postalCode: '80202' },
    })
    expect(u.events[0]?.location).toEqual({
      city: 'DENVER CO DISTRIBUTION CENTER',
      text: 'DENVER CO DISTRIBUTION CENTER',
    })
    expect(u.estimates?.map((e) => e.source)).toEqual(['carrier_scheduled', 'carrier_window'])
  })

  it('international: JSON booleans, country names as text, category for the latest scan, guaranteed date', async () => {
    const u = await trackOne(carrier, 'EE123456785US')
    expect(u.events.map((e) => [e.rawCode, e.status, e.subStatus])).toEqual([
      ['EX', 'exception', null], // unknown code and type: statusCategory "Alert"
      ['EF', 'in_transit', 'departed_facility'],
      ['03', 'in_transit', 'picked_up'],
    ])
    expect(u.events[0]?.location).toEqual({
      city: 'LONDON HEATHROW',
      text: 'LONDON HEATHROW, UNITED KINGDOM',
    })
    expect(u.events[1]?.location).toMatchObject({ country: 'US' })
    expect(u.destination).toEqual({
      city: 'LONDON',
      postalCode: 'SW1A 1AA',
      country: 'GB',
      text: 'LONDON, SW1A 1AA',
    })
    expect(u.estimates).toEqual([
      { source: 'carrier_guaranteed', date: '2026-03-06', latest: '2026-03-06T17:00:00', confidence: 0.95 },
    ])
    expect(milestone(u)).toBe('exception')
  })

  it('an unknown code with an unknown type is kept as unmapped, logged once, and moves nothing', async () => {
    const { log, text } = captureLog()
    const body = fixture('in-transit.json') as { trackingEvents: Record<string, unknown>[] }
    // Newest first: a new code after the label scan, before any movement.
    body.trackingEvents = [
      { ...body.trackingEvents[3], eventType: 'Something <b>New</b>', eventCode: 'Z9' },
      ...body.trackingEvents.slice(4),
    ]
    server.use(
      http.get(`${BASE}/tracking/v3/tracking/:n`, () =>
        HttpResponse.json({ ...body, status: 'Other', statusCategory: 'Unheard Of' }),
      ),
    )
    const u = await trackOne(create({}, log), IN_TRANSIT)
    expect(u.events[0]).toMatchObject({ rawCode: 'Z9', rawText: 'Something New', subStatus: 'unmapped' })
    expect(text().match(/unmapped carrier status code/g)).toHaveLength(1)
    expect(milestone(u)).toBe('info_received')
  })

  it('statusOverrides win over the table, for codes and for event types', async () => {
    const overridden = create({
      statusOverrides: {
        T1: { status: 'exception', subStatus: 'delayed' },
        'type:arrived at usps regional destination facility': {
          status: 'in_transit',
          subStatus: 'at_destination',
        },
      },
    })
    const u = await trackOne(overridden, IN_TRANSIT)
    expect(u.events[0]?.subStatus).toBe('at_destination')
    expect(u.events[1]).toMatchObject({ status: 'exception', subStatus: 'delayed' })
  })
})

describe('uspsCarrier: errors', () => {
  const answer = (response: () => Response) =>
    server.use(http.get(`${BASE}/tracking/v3/tracking/:n`, response))
  const code = (e: unknown) => (isWismoError(e) ? e.code : String(e))

  it('unknown numbers (HTTP 404, or 404 in an error envelope) are left out', async () => {
    const carrier = create()
    expect(await carrier.track(['9400111206206406260787'])).toEqual([])
    answer(() => HttpResponse.json(fixture('not-found.json')))
    expect(await carrier.track([IN_TRANSIT])).toEqual([])
  })

  // Requests are spaced 1 s apart (the declared rate), so tests making several get more time.
  const SLOW = 20_000

  it('401 → CARRIER_AUTH_FAILED after one token refresh', { timeout: SLOW }, async () => {
    const carrier = create()
    const tokensBefore = seen.tokenBodies.length
    answer(() => HttpResponse.json(fixture('error-400.json'), { status: 401 }))
    expect(code(await errorOf(() => carrier.track([IN_TRANSIT])))).toBe('CARRIER_AUTH_FAILED')
    expect(seen.tokenBodies.length - tokensBefore).toBe(2)
  })

  it('403 → CARRIER_AUTH_FAILED', { timeout: SLOW }, async () => {
    answer(() => new HttpResponse(null, { status: 403 }))
    expect(code(await errorOf(() => create().track([IN_TRANSIT])))).toBe('CARRIER_AUTH_FAILED')
  })

  it('a refused token request → CARRIER_AUTH_FAILED', async () => {
    server.use(
      http.post(`${BASE}/oauth2/v3/token`, () =>
        HttpResponse.json(fixture('auth-refused.json'), { status: 401 }),
      ),
    )
    expect(code(await errorOf(() => create().track([IN_TRANSIT])))).toBe('CARRIER_AUTH_FAILED')
  })

  it('429 with Retry-After → CARRIER_RATE_LIMITED carrying retryAfterMs (no in-process wait for an hour)', async () => {
    answer(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '3600' } }))
    const error = await errorOf(() => create({ retries: 3 }).track([IN_TRANSIT]))
    expect(code(error)).toBe('CARRIER_RATE_LIMITED')
    expect(isWismoError(error) && error.retryAfterMs).toBe(3_600_000)
  })

  it('5xx → CARRIER_UNAVAILABLE', async () => {
    answer(() => new HttpResponse('<html>Service Unavailable</html>', { status: 503 }))
    expect(code(await errorOf(() => create().track([IN_TRANSIT])))).toBe('CARRIER_UNAVAILABLE')
  })

  it('garbage → CARRIER_RESPONSE_INVALID with the body, truncated, in details', {
    timeout: SLOW,
  }, async () => {
    const carrier = create()
    answer(() => new HttpResponse('{"trackingNumber": ', { headers: { 'content-type': 'application/json' } }))
    expect(code(await errorOf(() => carrier.track([IN_TRANSIT])))).toBe('CARRIER_RESPONSE_INVALID')
    const huge = { trackingEvents: 'x'.repeat(20_000) }
    answer(() => HttpResponse.json(huge))
    const error = await errorOf(() => carrier.track([IN_TRANSIT]))
    expect(code(error)).toBe('CARRIER_RESPONSE_INVALID')
    const body = (isWismoError(error) && (error.details?.body as string)) || ''
    expect(body.startsWith('{"trackingEvents":"xxx')).toBe(true)
    expect(body.length).toBeLessThan(4200)
    answer(() => new HttpResponse('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }))
    expect(code(await errorOf(() => carrier.track([IN_TRANSIT])))).toBe('CARRIER_RESPONSE_INVALID')
  })

  it('never puts the client secret or the access token in errors or logs', { timeout: SLOW }, async () => {
    const { log, text } = captureLog()
    const carrier = create({}, log)
    const token = (fixture('token.json') as { access_token: string }).access_token
    answer(() => new HttpResponse(null, { status: 401 }))
    const error = await errorOf(() => carrier.track([IN_TRANSIT]))
    const all = `${text()}\n${JSON.stringify(error)}\n${String(error)}\n${JSON.stringify((error as { details?: unknown }).details)}`
    expect(all).not.toContain(CREDENTIALS.clientSecret)
    expect(all).not.toContain(token)
    const invalid = await errorOf(async () => uspsCarrier({ clientId: 'x', clientSecret: 'leaky' } as never))
    expect(code(invalid)).toBe('CONFIG_INVALID')
    expect(JSON.stringify(invalid) + String(invalid)).not.toContain('leaky')
  })
})
