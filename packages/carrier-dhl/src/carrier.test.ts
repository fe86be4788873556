import { isWismoError, type Logger, type WismoError } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { API_KEY, dhlApi, requests, TRACK_URL } from '../test/dhl-api.ts'
import { dhlCarrier, RAW_BODY_LIMIT } from './carrier.ts'

beforeAll(() => dhlApi.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  dhlApi.resetHandlers()
  requests.length = 0
})
afterAll(() => dhlApi.close())

/** Everything logged, as one string, to look for secrets in. */
function capturingLogger(): { log: Logger; text: () => string } {
  const lines: unknown[] = []
  const push = (obj: object, msg?: string) => lines.push({ obj, msg })
  return { log: { debug: push, info: push, warn: push, error: push }, text: () => JSON.stringify(lines) }
}

async function failure(promise: Promise<unknown>): Promise<WismoError> {
  try {
    await promise
  } catch (e) {
    if (isWismoError(e)) return e
    throw e
  }
  throw new Error('expected a WismoError')
}

const answer = (response: () => Response) => dhlApi.use(http.get(TRACK_URL, response))

describe('dhlCarrier track', () => {
  it('asks GET /track/shipments with the key header, the number, unit and language', async () => {
    const dhl = dhlCarrier({
      apiKey: API_KEY,
      service: 'express',
      language: 'de',
      requesterCountryCode: 'NL',
    })
    const [update] = await dhl.track(['3318810025'])
    expect(update?.trackingNumber).toBe('3318810025')
    const request = requests[0]
    const url = new URL(request?.url ?? '')
    expect(request?.method).toBe('GET')
    expect(url.origin + url.pathname).toBe(TRACK_URL)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      trackingNumber: '3318810025',
      service: 'express',
      language: 'de',
      requesterCountryCode: 'NL',
    })
    expect(request?.headers.get('dhl-api-key')).toBe(API_KEY)
    expect(url.search).not.toContain(API_KEY) // the key travels in the header only
  })

  it('leaves out a number DHL answers 404 for', async () => {
    expect(await dhlCarrier({ apiKey: API_KEY }).track(['3318810036'])).toEqual([])
  })

  it.each([401, 403])('%i → CARRIER_AUTH_FAILED, never echoing the key in error or logs', async (status) => {
    answer(() => HttpResponse.json({ title: 'Unauthorized', status }, { status }))
    const { log, text } = capturingLogger()
    const error = await failure(dhlCarrier({ apiKey: API_KEY }, { log }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_AUTH_FAILED')
    expect(error.retryable).toBe(false)
    const all = `${error.message}${JSON.stringify(error.details)}${JSON.stringify(error)}${String(error.cause)}`
    expect(all).not.toContain(API_KEY)
    expect(text()).not.toContain(API_KEY)
  })

  it('a wrong key reaches DHL as given and fails as CARRIER_AUTH_FAILED', async () => {
    const error = await failure(dhlCarrier({ apiKey: 'not-the-right-key' }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_AUTH_FAILED')
  })

  it('429 with Retry-After → CARRIER_RATE_LIMITED carrying retryAfterMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      answer(() =>
        HttpResponse.json(
          { title: 'Too Many Requests', status: 429 },
          { status: 429, headers: { 'retry-after': '7' } },
        ),
      )
      const pending = failure(dhlCarrier({ apiKey: API_KEY, retries: 0 }).track(['3318810025']))
      await vi.advanceTimersByTimeAsync(10_000)
      const error = await pending
      expect(error.code).toBe('CARRIER_RATE_LIMITED')
      expect(error.retryAfterMs).toBe(7000)
      expect(error.retryable).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a daily quota reset hours away is not waited for in-process, even with retries left', async () => {
    let calls = 0
    answer(() => {
      calls += 1
      return HttpResponse.json({ status: 429 }, { status: 429, headers: { 'retry-after': '36000' } })
    })
    const error = await failure(dhlCarrier({ apiKey: API_KEY }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_RATE_LIMITED')
    expect(error.retryAfterMs).toBe(36_000_000)
    expect(calls).toBe(1)
  })

  it('5xx → CARRIER_UNAVAILABLE (retryable)', async () => {
    answer(() => HttpResponse.json({ title: 'Service Unavailable', status: 503 }, { status: 503 }))
    const error = await failure(dhlCarrier({ apiKey: API_KEY, retries: 0 }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_UNAVAILABLE')
    expect(error.retryable).toBe(true)
  })

  it('retries a 5xx and then succeeds', async () => {
    let calls = 0
    dhlApi.use(
      http.get(TRACK_URL, () => {
        calls += 1
        return calls === 1 ? HttpResponse.json({ status: 502 }, { status: 502 }) : undefined
      }),
    )
    const updates = await dhlCarrier({ apiKey: API_KEY, retries: 1 }).track(['3318810025'])
    expect(updates).toHaveLength(1)
    expect(calls).toBe(2)
  })

  it('well-formed JSON of another shape → CARRIER_RESPONSE_INVALID with the body kept', async () => {
    answer(() =>
      HttpResponse.json({ hello: 'world', shipments: [{ id: 'X1', events: [{ statusCode: 'transit' }] }] }),
    )
    const error = await failure(dhlCarrier({ apiKey: API_KEY }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_RESPONSE_INVALID')
    expect(error.details?.problems).toEqual([
      'shipments.0.events.0.timestamp: Invalid input: expected string, received undefined',
    ])
    expect(error.details?.body).toContain('"hello":"world"')
  })

  it('a 200 without shipments is unreadable, not "unknown"', async () => {
    answer(() => HttpResponse.json({}))
    expect((await failure(dhlCarrier({ apiKey: API_KEY }).track(['3318810025']))).code).toBe(
      'CARRIER_RESPONSE_INVALID',
    )
  })

  it('an HTML page instead of JSON → CARRIER_RESPONSE_INVALID, body truncated', async () => {
    const page = `<html><body>${'maintenance '.repeat(1000)}</body></html>`
    answer(() => HttpResponse.html(page))
    const error = await failure(dhlCarrier({ apiKey: API_KEY }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_RESPONSE_INVALID')
    expect(error.details?.body).toBe(page.slice(0, RAW_BODY_LIMIT))
    expect(error.details?.truncated).toBe(true)
  })

  it('malformed JSON → CARRIER_RESPONSE_INVALID', async () => {
    answer(() => new HttpResponse('{"shipments": [', { headers: { 'content-type': 'application/json' } }))
    const error = await failure(dhlCarrier({ apiKey: API_KEY }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_RESPONSE_INVALID')
  })

  it('a timestamp that is no date → CARRIER_RESPONSE_INVALID naming the field', async () => {
    answer(() =>
      HttpResponse.json({
        shipments: [{ id: '3318810025', events: [{ timestamp: '03/02/2026', statusCode: 'transit' }] }],
      }),
    )
    const error = await failure(dhlCarrier({ apiKey: API_KEY }).track(['3318810025']))
    expect(error.code).toBe('CARRIER_RESPONSE_INVALID')
    expect(String(error.details?.problems)).toContain('shipments.0.events.0.timestamp')
  })

  it('DHL’s "No result found" problem body is not-found also when it comes with HTTP 200', async () => {
    answer(() =>
      HttpResponse.json({
        title: 'No result found',
        status: 404,
        detail: 'No shipment with given tracking number found.',
      }),
    )
    expect(await dhlCarrier({ apiKey: API_KEY }).track(['3318810025'])).toEqual([])
  })
})

describe('dhlCarrier options', () => {
  it('defaults to production and takes a loopback proxy', () => {
    expect(() => dhlCarrier({ apiKey: API_KEY, baseUrl: 'http://localhost:8080' })).not.toThrow()
    expect(() => dhlCarrier({ apiKey: API_KEY, baseUrl: 'https://api-eu.dhl.com' })).not.toThrow()
  })

  it('refuses to send the key over plain http elsewhere, without echoing it', () => {
    let error: unknown
    try {
      dhlCarrier({ apiKey: API_KEY, baseUrl: 'http://api-eu.dhl.com' })
    } catch (e) {
      error = e
    }
    expect(isWismoError(error, 'CONFIG_INVALID')).toBe(true)
    expect(JSON.stringify((error as WismoError).details)).toContain('baseUrl')
    expect(`${(error as Error).message}${JSON.stringify((error as WismoError).details)}`).not.toContain(
      API_KEY,
    )
  })

  it('declares one number per request at 1 request per second, and no push', () => {
    const dhl = dhlCarrier({ apiKey: API_KEY })
    expect(dhl.capabilities).toMatchObject({ track: true, batch: 1, webhooks: false, register: false })
    expect(dhl.limits.requestsPerSecond).toBe(1)
  })
})

describe('dhlCarrier logs', () => {
  it('hints once at the service option when DHL knows a number in several units', async () => {
    const warnings: string[] = []
    const log: Logger = { debug() {}, info() {}, error() {}, warn: (_obj, msg) => warnings.push(msg ?? '') }
    const dhl = dhlCarrier({ apiKey: API_KEY }, { log })
    await dhl.track(['GM2951173225174494'])
    await dhl.track(['GM2951173225174494'])
    expect(warnings.filter((w) => w.includes('"service"'))).toHaveLength(1)
    const quiet: string[] = []
    const withService = dhlCarrier(
      { apiKey: API_KEY, service: 'ecommerce' },
      { log: { debug() {}, info() {}, error() {}, warn: (_o, m) => quiet.push(m ?? '') } },
    )
    await withService.track(['GM2951173225174494'])
    expect(quiet.filter((w) => w.includes('"service"'))).toEqual([])
  })
})
