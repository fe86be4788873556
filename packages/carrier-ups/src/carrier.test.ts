import { isWismoError, type Logger, type TrackingUpdate } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, CLIENT_ID, CLIENT_SECRET, NUMBERS, testUps, upsHandlers } from '../test/ups-api.ts'

const server = setupServer(...upsHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const trackUrl = (n: string) => `${BASE}/api/track/v1/details/${n}`

async function errorOf(p: Promise<unknown>) {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection')
}

/** A logger that keeps every line, to check what was written. */
function captureLog() {
  const lines: unknown[] = []
  const write = (...args: unknown[]) => lines.push(args)
  const log: Logger = {
    debug: write,
    info: write,
    warn: write,
    error: write,
    child: () => log,
  } as unknown as Logger
  return { log, lines }
}

describe('track', () => {
  it('maps a package: events, offsets, places, service, addresses, estimates', async () => {
    const [update] = (await testUps().track([NUMBERS.inTransit])) as [TrackingUpdate]
    expect(update).toMatchObject({
      carrier: 'ups',
      trackingNumber: NUMBERS.inTransit,
      source: 'poll',
      service: 'UPS Ground',
      origin: { city: 'PARSIPPANY', region: 'NJ', postalCode: '07054', country: 'US' },
      destination: { city: 'CHARLOTTE', region: 'NC', postalCode: '28209', country: 'US' },
    })
    expect(update.events.map((e) => [e.occurredAt, e.rawCode, e.status, e.subStatus])).toEqual([
      ['2026-03-04T04:30:52-05:00', 'I:AR', 'in_transit', 'arrived_at_facility'],
      ['2026-03-03T22:54:00-05:00', 'I:DP', 'in_transit', 'departed_facility'],
      ['2026-03-03T17:12:07-05:00', 'I:OR', 'in_transit', 'picked_up'],
      ['2026-03-03T09:12:30-05:00', 'M:MP', 'info_received', 'label_created'],
    ])
    expect(update.events[0]).toMatchObject({
      rawText: 'Arrived at Facility',
      location: { city: 'Charlotte', region: 'NC', country: 'US' },
    })
    expect(update.events[3]?.location).toEqual({ country: 'US' })
    expect(update.estimates).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.75 },
      {
        source: 'carrier_window',
        date: '2026-03-05',
        earliest: '2026-03-05T13:00:00',
        latest: '2026-03-05T17:00:00',
        confidence: 0.7,
      },
    ])
    expect('pieces' in update).toBe(false)
  })

  it('maps a failed attempt then delivery, and the rescheduled date', async () => {
    const [update] = (await testUps().track([NUMBERS.delivered])) as [TrackingUpdate]
    expect(update.events.map((e) => e.status)).toEqual([
      'delivered',
      'out_for_delivery',
      'attempt_failed',
      'in_transit',
      'info_received',
    ])
    expect(update.estimates).toEqual([{ source: 'carrier_rescheduled', date: '2026-03-06', confidence: 0.8 }])
  })

  it('lists the pieces of a multi-piece answer and names the piece on each scan', async () => {
    const [update] = (await testUps().track([NUMBERS.multi])) as [TrackingUpdate]
    expect(update.trackingNumber).toBe(NUMBERS.multi)
    expect(update.pieces).toEqual([NUMBERS.multi, NUMBERS.multiChild])
    expect(update.events.map((e) => [e.piece, e.rawCode])).toEqual([
      [NUMBERS.multi, 'I:DP'],
      [NUMBERS.multi, 'I:AR'],
      [NUMBERS.multiChild, 'X:BV'],
    ])
    expect(update.events[0]?.occurredAt).toBe('2026-03-09T03:15:00')
    expect(update.estimates?.map((e) => e.source)).toEqual(['carrier_scheduled', 'carrier_guaranteed'])
  })

  it('normalizes numbers, asks once per number with a fresh transId, and omits unknown ones', async () => {
    const seen: { number: string; transId: string | null; src: string | null; query: string }[] = []
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url)
      if (url.pathname.includes('/track/'))
        seen.push({
          number: url.pathname.split('/').pop() ?? '',
          transId: request.headers.get('transId'),
          src: request.headers.get('transactionSrc'),
          query: url.search,
        })
    })
    const updates = await testUps({ transactionSrc: 'shop-42' }).track([
      '1zw1947x0344851772',
      '1ZW1947X0344851772',
      NUMBERS.unknown,
      NUMBERS.delivered,
    ])
    server.events.removeAllListeners()
    expect(updates.map((u) => u.trackingNumber)).toEqual([NUMBERS.inTransit, NUMBERS.delivered])
    expect(seen.map((s) => s.number)).toEqual([NUMBERS.inTransit, NUMBERS.unknown, NUMBERS.delivered])
    expect(new Set(seen.map((s) => s.transId)).size).toBe(3)
    expect(seen.every((s) => s.src === 'shop-42')).toBe(true)
    expect(seen[0]?.query).toContain('locale=en_US')
  })

  it('applies host status overrides', async () => {
    const ups = testUps({ statusOverrides: { 'I:AR': { status: 'in_transit', subStatus: 'hub_scan' } } })
    const [update] = await ups.track([NUMBERS.inTransit])
    expect(update?.events[0]?.subStatus).toBe('hub_scan')
  })
})

describe('track errors', () => {
  const failWith = (response: () => Response) => server.use(http.get(trackUrl(NUMBERS.inTransit), response))
  const code = async (p: Promise<unknown>) => {
    const e = await errorOf(p)
    return isWismoError(e) ? e.code : e
  }

  it('refused client credentials → CARRIER_AUTH_FAILED', async () => {
    expect(await code(testUps({ clientSecret: 'wrong-secret-123' }).track([NUMBERS.inTransit]))).toBe(
      'CARRIER_AUTH_FAILED',
    )
  })

  it('401 after a token refresh, or 403 → CARRIER_AUTH_FAILED', async () => {
    failWith(() =>
      HttpResponse.json(
        { response: { errors: [{ code: '250002', message: 'Invalid Auth' }] } },
        { status: 401 },
      ),
    )
    expect(await code(testUps().track([NUMBERS.inTransit]))).toBe('CARRIER_AUTH_FAILED')
    failWith(() =>
      HttpResponse.json({ response: { errors: [{ code: '250003', message: 'Blocked' }] } }, { status: 403 }),
    )
    expect(await code(testUps().track([NUMBERS.inTransit]))).toBe('CARRIER_AUTH_FAILED')
  })

  it('429 with Retry-After → CARRIER_RATE_LIMITED with retryAfterMs', async () => {
    failWith(() =>
      HttpResponse.json(
        { response: { errors: [{ code: '10429', message: 'Too Many Requests' }] } },
        { status: 429, headers: { 'retry-after': '120' } },
      ),
    )
    const e = await errorOf(testUps().track([NUMBERS.inTransit]))
    expect(isWismoError(e, 'CARRIER_RATE_LIMITED')).toBe(true)
    expect((e as { retryAfterMs?: number }).retryAfterMs).toBe(120_000)
    expect((e as { retryable?: boolean }).retryable).toBe(true)
  })

  it('5xx → retried, then CARRIER_UNAVAILABLE', async () => {
    let calls = 0
    failWith(() => {
      calls++
      return HttpResponse.json(
        { response: { errors: [{ code: 'VSS100', message: 'unavailable' }] } },
        { status: 503 },
      )
    })
    const ups = testUps({ retries: 1 })
    expect(await code(ups.track([NUMBERS.inTransit]))).toBe('CARRIER_UNAVAILABLE')
    expect(calls).toBe(2)
  })

  it('an unexpected shape → CARRIER_RESPONSE_INVALID with the body, truncated, in details', async () => {
    failWith(() => HttpResponse.json({ trackResponse: { shipment: 'none' }, filler: 'x'.repeat(10_000) }))
    const e = await errorOf(testUps().track([NUMBERS.inTransit]))
    expect(isWismoError(e, 'CARRIER_RESPONSE_INVALID')).toBe(true)
    const details = (e as { details: { body: string; truncated: boolean } }).details
    expect(details.body.startsWith('{"trackResponse":{"shipment":"none"}')).toBe(true)
    expect(details.body.length).toBeLessThanOrEqual(4097)
    expect(details.truncated).toBe(true)
  })

  it('a text or malformed JSON body → CARRIER_RESPONSE_INVALID', async () => {
    failWith(
      () =>
        new HttpResponse('<html>Service Unavailable</html>', { headers: { 'content-type': 'text/html' } }),
    )
    const e = await errorOf(testUps().track([NUMBERS.inTransit]))
    expect((e as { details?: { body?: string } }).details?.body).toBe('<html>Service Unavailable</html>')
    failWith(() => new HttpResponse('{"trackResponse":', { headers: { 'content-type': 'application/json' } }))
    expect(await code(testUps().track([NUMBERS.inTransit]))).toBe('CARRIER_RESPONSE_INVALID')
  })

  it('an activity without a date → CARRIER_RESPONSE_INVALID', async () => {
    const activity = { date: 'string', time: '', status: { type: 'I', code: 'AR' } }
    failWith(() =>
      HttpResponse.json({ trackResponse: { shipment: [{ package: [{ activity: [activity] }] }] } }),
    )
    expect(await code(testUps().track([NUMBERS.inTransit]))).toBe('CARRIER_RESPONSE_INVALID')
  })

  it('never writes the client secret or the Basic credential into errors or logs', async () => {
    const basic = btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)
    const { log, lines } = captureLog()
    server.use(
      http.post(`${BASE}/security/v1/oauth/token`, () =>
        HttpResponse.json(
          { response: { errors: [{ code: '10401', message: 'ClientId is Invalid' }] } },
          { status: 401 },
        ),
      ),
    )
    const e = await errorOf(testUps({}, { log }).track([NUMBERS.inTransit]))
    const failing = testUps({ retries: 1 }, { log })
    failWith(() => new HttpResponse(null, { status: 500 }))
    const e2 = await errorOf(failing.track([NUMBERS.inTransit]))
    const text = JSON.stringify([
      lines,
      e,
      e2,
      String(e),
      String(e2),
      (e as Error).stack,
      (e as { details?: unknown }).details,
    ])
    expect(lines.length).toBeGreaterThan(0)
    expect(text).not.toContain(CLIENT_SECRET)
    expect(text).not.toContain(basic)
  })
})
