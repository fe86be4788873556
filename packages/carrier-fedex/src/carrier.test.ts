import { isWismoError, type Logger } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  CLIENT,
  expressNumber,
  fedexApi,
  resultFor,
  TOKEN_URL,
  TRACK_URL,
  trackAnswer,
} from '../test/mock-api.ts'
import { fedexCarrier } from './carrier.ts'
import { BODY_SNIPPET_CHARS } from './errors.ts'
import { FEDEX_BASE_URLS } from './options.ts'

const known = Array.from({ length: 31 }, (_, i) => expressNumber(39936862000 + i))
const knownSet = new Set(known)
const api = fedexApi((n) => (knownSet.has(n) ? [resultFor(n)] : undefined))
const server = setupServer(...api.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  server.resetHandlers()
  api.seen.tokens.length = 0
  api.seen.tracks.length = 0
})
afterAll(() => server.close())

/** A logger that keeps every line as JSON text. */
function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = []
  const put = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`)
  return { log: { debug: put, info: put, warn: put, error: put }, lines }
}

const carrier = (extra: Record<string, unknown> = {}, log?: Logger) =>
  fedexCarrier({ ...CLIENT, retries: 0, ...extra }, log ? { log } : {})

async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => expect.fail('expected an error'),
    (err: unknown) => err,
  )
  if (!isWismoError(e)) throw e
  return e
}

describe('fedexCarrier track', () => {
  it('gets a token with the credentials in the form body, then asks with detailed scans and the locale', async () => {
    const [update] = await carrier({ locale: 'de_DE' }).track([known[0] as string])
    expect(update?.trackingNumber).toBe(known[0])
    const [form] = api.seen.tokens
    expect(Object.fromEntries(form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    })
    expect(api.seen.tracks[0]).toEqual({
      locale: 'de_DE',
      body: {
        includeDetailedScans: true,
        trackingInfo: [{ trackingNumberInfo: { trackingNumber: known[0] } }],
      },
    })
  })

  it('splits more than 30 numbers into requests of at most 30, reusing one token', async () => {
    const updates = await carrier().track(known)
    expect(updates.map((u) => u.trackingNumber).sort()).toEqual([...known].sort())
    expect(api.seen.tracks.map((t) => t.body.trackingInfo.length)).toEqual([30, 1])
    expect(api.seen.tokens).toHaveLength(1)
  })

  it('asks once for a number written in several ways', async () => {
    const n = known[0] as string
    const updates = await carrier().track([
      n,
      `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`,
      `${n.slice(0, 6)}-${n.slice(6)}`,
    ])
    expect(updates).toHaveLength(1)
    expect(api.seen.tracks[0]?.body.trackingInfo).toHaveLength(1)
  })

  it('asks nothing for an empty list or blank numbers', async () => {
    expect(await carrier().track([])).toEqual([])
    expect(await carrier().track(['', ' - '])).toEqual([])
    expect(api.seen.tokens).toHaveLength(0)
    expect(api.seen.tracks).toHaveLength(0)
  })

  it('leaves out numbers FedEx answers with TRACKING.TRACKINGNUMBER.NOTFOUND', async () => {
    const updates = await carrier().track([known[0] as string, expressNumber(11111111111)])
    expect(updates.map((u) => u.trackingNumber)).toEqual([known[0]])
  })

  it('maps the fixture: statuses, raw codes, offsets, places and estimates', async () => {
    const [update] = await carrier().track([known[0] as string])
    expect(update).toMatchObject({
      carrier: 'fedex',
      carrierShipmentId: `12029~${known[0]}~FDEG`,
      source: 'poll',
      service: 'FedEx Ground',
      origin: { city: 'MEMPHIS', region: 'TN', country: 'US' },
      destination: { city: 'BROOKLYN', region: 'NY', country: 'US' },
    })
    expect(update?.events.map((e) => [e.rawCode, e.status, e.subStatus, e.occurredAt])).toEqual([
      ['DY', 'exception', 'weather_delay', '2026-02-04T05:12:00-05:00'],
      ['AR', 'in_transit', 'arrived_at_facility', '2026-02-03T22:40:00-05:00'],
      ['DP', 'in_transit', 'departed_facility', '2026-02-02T21:03:00-06:00'],
      ['PU', 'in_transit', 'picked_up', '2026-02-02T16:12:00-06:00'],
      ['OC', 'info_received', 'label_created', '2026-02-02T09:41:27-06:00'],
    ])
    expect(update?.events[0]?.rawText).toBe('Delay: Weather delay')
    expect(update?.events[0]?.location).toEqual({
      city: 'NEWARK',
      region: 'NJ',
      postalCode: '07114',
      country: 'US',
    })
    expect(update?.events[4]?.location).toBeUndefined()
    expect(update?.estimates).toEqual([
      { source: 'carrier_scheduled', date: '2026-02-05', confidence: 0.7 },
      {
        source: 'carrier_window',
        date: '2026-02-05T13:00:00-05:00',
        earliest: '2026-02-05T09:00:00-05:00',
        latest: '2026-02-05T13:00:00-05:00',
        confidence: 0.75,
      },
    ])
  })

  it('applies the host’s status overrides before its own table', async () => {
    const [update] = await carrier({
      statusOverrides: { 'DY:WEATHER': { status: 'in_transit', subStatus: 'weather_delay' } },
    }).track([known[0] as string])
    expect(update?.events[0]).toMatchObject({ status: 'in_transit', subStatus: 'weather_delay' })
  })

  it('uses the sandbox host when told to', async () => {
    server.use(
      http.post(`${FEDEX_BASE_URLS.sandbox}/oauth/token`, () =>
        HttpResponse.json({ access_token: 'sbx', expires_in: 3600 }),
      ),
      http.post(`${FEDEX_BASE_URLS.sandbox}/track/v1/trackingnumbers`, () =>
        HttpResponse.json({ output: { completeTrackResults: [] } }),
      ),
    )
    expect(await carrier({ baseUrl: FEDEX_BASE_URLS.sandbox }).track([known[0] as string])).toEqual([])
  })
})

describe('fedexCarrier errors', () => {
  it('refused credentials → CARRIER_AUTH_FAILED, naming no secret in the error or the log', async () => {
    const { log, lines } = captureLog()
    const secret = 'wrong-secret-value-9999'
    const e = await failure(carrier({ clientSecret: secret }, log).track([known[0] as string]))
    expect(e.code).toBe('CARRIER_AUTH_FAILED')
    const text = `${e.message} ${JSON.stringify(e)} ${JSON.stringify(e.details)} ${String(e.cause)} ${lines.join('\n')}`
    expect(text).not.toContain(secret)
    expect(text).not.toContain(CLIENT.clientId)
  })

  it('a track 401 refreshes the token once, then fails with CARRIER_AUTH_FAILED', async () => {
    let tracks = 0
    server.use(
      http.post(TRACK_URL, () => {
        tracks++
        return new HttpResponse(null, { status: 401 })
      }),
    )
    expect((await failure(carrier().track([known[0] as string]))).code).toBe('CARRIER_AUTH_FAILED')
    expect(tracks).toBe(2)
    expect(api.seen.tokens).toHaveLength(2)
  })

  it.each([
    [403, 'CARRIER_AUTH_FAILED'],
    [404, 'CARRIER_NOT_FOUND'],
    [500, 'CARRIER_UNAVAILABLE'],
    [503, 'CARRIER_UNAVAILABLE'],
  ] as const)('HTTP %i → %s', async (status, code) => {
    server.use(
      http.post(TRACK_URL, () => HttpResponse.json({ errors: [{ code: 'X', message: 'no' }] }, { status })),
    )
    expect((await failure(carrier().track([known[0] as string]))).code).toBe(code)
  })

  it('429 with Retry-After → CARRIER_RATE_LIMITED carrying retryAfterMs', async () => {
    server.use(
      http.post(TRACK_URL, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } })),
    )
    const e = await failure(carrier({ retries: 2 }).track([known[0] as string]))
    expect(e.code).toBe('CARRIER_RATE_LIMITED')
    expect(e.retryAfterMs).toBe(120_000)
    expect(e.retryable).toBe(true)
  })

  it('retries a 503 and returns the later answer', async () => {
    let calls = 0
    server.use(
      http.post(TRACK_URL, () =>
        calls++ === 0
          ? new HttpResponse(null, { status: 503 })
          : HttpResponse.json({
              output: {
                completeTrackResults: [
                  { trackingNumber: known[0], trackResults: [resultFor(known[0] as string)] },
                ],
              },
            }),
      ),
    )
    const updates = await fedexCarrier({ ...CLIENT, retries: 1 }).track([known[0] as string])
    expect(updates).toHaveLength(1)
    expect(calls).toBe(2)
  })

  it('malformed JSON → CARRIER_RESPONSE_INVALID', async () => {
    server.use(trackAnswer('{"output": {"completeTrackResults": [', 200))
    expect((await failure(carrier().track([known[0] as string]))).code).toBe('CARRIER_RESPONSE_INVALID')
  })

  it('an unexpected shape → CARRIER_RESPONSE_INVALID with the problem and the start of the body', async () => {
    const padding = 'x'.repeat(10_000)
    server.use(trackAnswer({ output: { completeTrackResults: [{ trackResults: 'nope' }] }, padding }))
    const e = await failure(carrier().track([known[0] as string]))
    expect(e.code).toBe('CARRIER_RESPONSE_INVALID')
    const details = e.details as { problems: string[]; body: string }
    expect(details.problems.join()).toContain('output.completeTrackResults.0')
    expect(details.body.startsWith('{"output":{"completeTrackResults":[{"trackResults":"nope"}]}')).toBe(true)
    expect(details.body.length).toBeLessThan(BODY_SNIPPET_CHARS + 50)
  })

  it('a request-level error inside a 200 → coded by its FedEx code', async () => {
    server.use(trackAnswer({ transactionId: 't', errors: [{ code: 'NOT.AUTHORIZED.ERROR', message: 'no' }] }))
    expect((await failure(carrier().track([known[0] as string]))).code).toBe('CARRIER_AUTH_FAILED')
    server.use(trackAnswer({ transactionId: 't', errors: [{ code: 'TRACKING.TRACKINGNUMBER.EMPTY' }] }))
    expect((await failure(carrier().track([known[0] as string]))).code).toBe('CARRIER_REQUEST_REJECTED')
  })

  it('drops a scan with an unreadable date, logging it, and keeps the rest', async () => {
    const { log, lines } = captureLog()
    const result = resultFor(known[0] as string) as { scanEvents: { date: string }[] }
    result.scanEvents[1] = { ...result.scanEvents[1], date: 'string' }
    server.use(
      trackAnswer({
        output: { completeTrackResults: [{ trackingNumber: known[0], trackResults: [result] }] },
      }),
    )
    const [update] = await carrier({}, log).track([known[0] as string])
    expect(update?.events).toHaveLength(4)
    expect(lines.join('\n')).toContain('fedex scan without a readable date dropped')
  })

  it('the token endpoint down → CARRIER_UNAVAILABLE', async () => {
    server.use(http.post(TOKEN_URL, () => new HttpResponse(null, { status: 503 })))
    expect((await failure(carrier().track([known[0] as string]))).code).toBe('CARRIER_UNAVAILABLE')
  })
})
