import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { isWismoError, WismoError } from '../errors.ts'
import { createHttpClient } from './client.ts'
import { parseRateLimitReset, parseRetryAfter } from './status-codes.ts'

const base = 'https://carrier.test'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const client = () =>
  createHttpClient({ area: 'CARRIER', name: 'test', baseUrl: base, retries: 3, minDelayMs: 1, maxDelayMs: 5 })

/** Answer with each response in turn, counting calls. */
function sequence(path: string, responses: (() => Response)[]) {
  const calls = { count: 0 }
  server.use(
    http.all(`${base}${path}`, () =>
      (responses[Math.min(calls.count++, responses.length - 1)] as () => Response)(),
    ),
  )
  return calls
}

/**
 * A `fetch` answering each response in turn and noting the (fake) clock at each call. Timing
 * tests run on fake timers, so they measure the client's waits, not how busy the machine is.
 */
function timedFetch(responses: (() => Response)[]) {
  const calls = { count: 0, at: [] as number[] }
  const fetch = async () => {
    calls.at.push(Date.now())
    return (responses[Math.min(calls.count++, responses.length - 1)] as () => Response)()
  }
  return { calls, fetch: fetch as typeof globalThis.fetch }
}

/** Run `work` on fake timers until it settles; the clock only moves when every task waits. */
async function onFakeTime<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  try {
    const result = work()
    await vi.runAllTimersAsync()
    return await result
  } finally {
    vi.useRealTimers()
  }
}

const gapsOf = (at: readonly number[]) => at.slice(1).map((t, i) => t - (at[i] ?? 0))

describe('http client', () => {
  it('retries 5xx and 429 and returns the eventual success', async () => {
    const calls = sequence('/track', [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 429 }),
      () => HttpResponse.json({ ok: true }),
    ])
    const res = await client().request<{ ok: boolean }>('/track', { method: 'POST', json: { n: 1 } })
    expect(res.data).toEqual({ ok: true })
    expect(calls.count).toBe(3)
  })

  it('waits at least Retry-After before retrying', async () => {
    const { calls, fetch } = timedFetch([
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } }),
      () => HttpResponse.json({}),
    ])
    const slow = createHttpClient({ area: 'CARRIER', name: 'test', baseUrl: base, minDelayMs: 1, fetch })
    await onFakeTime(() => slow.request('/slow'))
    expect(calls.count).toBe(2)
    const [gap] = gapsOf(calls.at)
    expect(gap).toBeGreaterThanOrEqual(1000)
    expect(gap).toBeLessThan(1100) // Retry-After, not Retry-After plus a full backoff
  })

  it.each([
    [400, 'CARRIER_REQUEST_REJECTED'],
    [401, 'CARRIER_AUTH_FAILED'],
    [403, 'CARRIER_AUTH_FAILED'],
    [404, 'CARRIER_NOT_FOUND'],
    [422, 'CARRIER_REQUEST_REJECTED'],
  ])('does not retry HTTP %i and maps it to %s', async (status, code) => {
    const calls = sequence('/x', [() => new HttpResponse('nope', { status })])
    await expect(client().request('/x')).rejects.toSatisfy((e) => isWismoError(e, code as never))
    expect(calls.count).toBe(1)
  })

  it('gives up after the retry budget with a retryable coded error', async () => {
    const calls = sequence('/down', [() => new HttpResponse(null, { status: 502 })])
    await expect(client().request('/down')).rejects.toSatisfy(
      (e) => isWismoError(e, 'CARRIER_UNAVAILABLE') && e.retryable,
    )
    expect(calls.count).toBe(4)
  })

  it('does not wait in-process for a Retry-After beyond the cap', async () => {
    const calls = sequence('/later', [
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3600' } }),
    ])
    const err = await client()
      .request('/later')
      .catch((e) => e)
    expect(isWismoError(err, 'CARRIER_RATE_LIMITED') && err.retryAfterMs).toBe(3_600_000)
    expect(calls.count).toBe(1)
  })

  it('reports the last failure at once, without waiting out its Retry-After', async () => {
    const { calls, fetch } = timedFetch([
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }),
    ])
    const http = createHttpClient({ area: 'CARRIER', name: 'test', baseUrl: base, retries: 0, fetch })
    const started = Date.now()
    const err = await onFakeTime(async () => {
      const e = await http.request('/x').catch((e: unknown) => e)
      return { e, elapsed: Date.now() - started }
    })
    expect(isWismoError(err.e, 'CARRIER_RATE_LIMITED') && err.e.retryAfterMs).toBe(7000)
    expect(calls.count).toBe(1)
    expect(err.elapsed).toBeLessThan(7000)
  })

  it('keeps the vendor’s explanation of an error answer in details.body (JSON parsed, text cut)', async () => {
    sequence('/refused', [
      () => HttpResponse.json({ error: { code: 'ADDRESS.VERIFY.FAILURE', field: 'zip' } }, { status: 422 }),
    ])
    const refused = await client()
      .request('/refused', { method: 'POST' })
      .catch((e) => e)
    expect(isWismoError(refused, 'CARRIER_REQUEST_REJECTED') && refused.details).toEqual({
      status: 422,
      body: { error: { code: 'ADDRESS.VERIFY.FAILURE', field: 'zip' } },
    })
    sequence('/long', [() => new HttpResponse('x'.repeat(10_000), { status: 400 })])
    const long = await client()
      .request('/long')
      .catch((e) => e)
    expect(String((long as WismoError).details?.body)).toHaveLength(4097)
    sequence('/empty', [() => new HttpResponse(null, { status: 404 })])
    const empty = await client()
      .request('/empty')
      .catch((e) => e)
    expect((empty as WismoError).details).toEqual({ status: 404 })
  })

  it('maps network failures and malformed JSON to codes', async () => {
    server.use(http.get(`${base}/net`, () => HttpResponse.error()))
    await expect(client().request('/net')).rejects.toSatisfy((e) => isWismoError(e, 'CARRIER_NETWORK_ERROR'))
    sequence('/json', [() => new HttpResponse('{"a":', { headers: { 'content-type': 'application/json' } })])
    await expect(client().request('/json')).rejects.toSatisfy((e) =>
      isWismoError(e, 'CARRIER_RESPONSE_INVALID'),
    )
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 0))).toBe(60_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })

  it('turns X-RateLimit-Reset (unix seconds or ms, or seconds to wait) into a wait of at least 1 s', () => {
    const now = 1_700_000_000_500
    expect(parseRateLimitReset('1700000002', now)).toBe(2000)
    expect(parseRateLimitReset('1700000002000', now)).toBe(2000)
    expect(parseRateLimitReset('1699999990', now)).toBe(1000)
    expect(parseRateLimitReset('1700000300', now)).toBe(300_000)
    expect(parseRateLimitReset('60', now)).toBe(60_000)
    expect(parseRateLimitReset('soon', now)).toBeUndefined()
    expect(parseRateLimitReset(null, now)).toBeUndefined()
  })

  it('takes a 429’s wait from X-RateLimit-Reset when it has no Retry-After', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    sequence('/reset', [
      () => new HttpResponse(null, { status: 429, headers: { 'X-RateLimit-Reset': reset } }),
    ])
    const err = await client()
      .request('/reset')
      .catch((e) => e)
    expect(isWismoError(err, 'CARRIER_RATE_LIMITED') && err.retryAfterMs).toBeGreaterThan(3_500_000)
  })
})

describe('rate limit', () => {
  it('spaces requests to stay under requestsPerSecond, retries included', async () => {
    const { calls, fetch } = timedFetch([
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({}),
    ])
    const limited = createHttpClient({
      area: 'CARRIER',
      name: 'test',
      baseUrl: base,
      retries: 3,
      minDelayMs: 1,
      maxDelayMs: 2,
      requestsPerSecond: 20,
      fetch,
    })
    await onFakeTime(() =>
      Promise.all([limited.request('/rl'), limited.request('/rl'), limited.request('/rl')]),
    )
    expect(calls.count).toBe(4)
    expect(gapsOf(calls.at)).toHaveLength(3)
    for (const gap of gapsOf(calls.at)) expect(gap).toBeGreaterThanOrEqual(50)
  })

  it('does not space requests without a limit', async () => {
    const { calls, fetch } = timedFetch([() => HttpResponse.json({})])
    const free = createHttpClient({ area: 'CARRIER', name: 'test', baseUrl: base, fetch })
    await onFakeTime(() => Promise.all([free.request('/a'), free.request('/b'), free.request('/c')]))
    expect(gapsOf(calls.at)).toEqual([0, 0])
  })
})

describe('request gate (rate budget)', () => {
  it('is asked before every attempt, retries included', async () => {
    const { calls, fetch } = timedFetch([
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({}),
    ])
    const gate = { asked: 0, acquire: async () => void gate.asked++ }
    const gated = createHttpClient({
      area: 'CARRIER',
      name: 'test',
      baseUrl: base,
      minDelayMs: 1,
      fetch,
      budget: gate,
    })
    await onFakeTime(() => gated.request('/g'))
    expect(calls.count).toBe(2)
    expect(gate.asked).toBe(2)
  })

  it('gives up at once when the gate refuses, without a request or a retry', async () => {
    const { calls, fetch } = timedFetch([() => HttpResponse.json({})])
    const refusal = new WismoError('CARRIER_RATE_LIMITED', 'budget spent', { retryAfterMs: 10 })
    const gate = {
      asked: 0,
      acquire: async () => {
        gate.asked++
        throw refusal
      },
    }
    const gated = createHttpClient({ area: 'CARRIER', name: 'test', baseUrl: base, fetch, budget: gate })
    await expect(gated.request('/g')).rejects.toBe(refusal)
    expect(gate.asked).toBe(1)
    expect(calls.count).toBe(0)
  })
})
