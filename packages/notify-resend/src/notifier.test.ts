import { isWismoError, type ParsedOutgoingMessage, type WismoError } from '@wismo/core'
import { delay, HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, fake, resendHandlers, testResend } from '../test/resend-api.ts'

const server = setupServer(...resendHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  fake.reset()
  server.resetHandlers()
})
afterAll(() => server.close())

const message: ParsedOutgoingMessage = {
  idempotencyKey: 'outbox-7f3a',
  channel: 'email',
  to: 'customer@example.com',
  subject: 'Out for delivery',
  text: 'Your parcel arrives today.',
  html: '<p>Your parcel arrives today.</p>',
  tags: { shipment: 'shp_123', trigger: 'out_for_delivery' },
}

async function failure(promise: Promise<unknown>): Promise<WismoError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!isWismoError(error)) throw new Error(`expected a WismoError, got ${String(error)}`)
  return error
}

const answer = (status: number, name: string, message: string, headers: Record<string, string> = {}) =>
  server.use(
    http.post(`${BASE}/emails`, () =>
      HttpResponse.json({ statusCode: status, name, message }, { status, headers }),
    ),
  )

describe('what Resend receives', () => {
  it('Idempotency-Key = the message key; from, to[], subject, text, html, tags as {name, value}', async () => {
    const result = await testResend().send(message)
    expect(result.providerMessageId).toMatch(/^49a3999c-/)
    const [request] = fake.requests
    expect(request?.headers.get('idempotency-key')).toBe('outbox-7f3a')
    expect(request?.headers.get('authorization')).toMatch(/^Bearer re_/)
    expect(request?.body).toEqual({
      from: 'Shop <orders@shop.example>',
      to: ['customer@example.com'],
      subject: 'Out for delivery',
      text: 'Your parcel arrives today.',
      html: '<p>Your parcel arrives today.</p>',
      tags: [
        { name: 'shipment', value: 'shp_123' },
        { name: 'trigger', value: 'out_for_delivery' },
      ],
    })
  })

  it('a sender given as { email, name }, reply-to; tags Resend would refuse are left out', async () => {
    const notifier = testResend({
      from: { email: 'orders@shop.example', name: 'Shop' },
      replyTo: 'help@shop.example',
    })
    await notifier.send({ ...message, html: undefined, tags: { 'order#': '1', note: 'a b', ok: 'yes' } })
    expect(fake.requests[0]?.body).toEqual({
      from: 'Shop <orders@shop.example>',
      to: ['customer@example.com'],
      subject: 'Out for delivery',
      text: 'Your parcel arrives today.',
      reply_to: 'help@shop.example',
      tags: [{ name: 'ok', value: 'yes' }],
    })
  })

  it('an e-mail without subject is refused before any call', async () => {
    expect((await failure(testResend().send({ ...message, subject: undefined }))).code).toBe('INPUT_INVALID')
    expect(fake.requests).toHaveLength(0)
  })
})

describe('idempotency', () => {
  it('the same message sent twice: Resend answers the first id and sends once', async () => {
    const notifier = testResend()
    const first = await notifier.send(message)
    const second = await notifier.send(message)
    expect(second.providerMessageId).toBe(first.providerMessageId)
    expect(fake.sent).toBe(1)
  })

  it('an unknown outcome (timeout) is resolved by retrying with the same key: one e-mail', async () => {
    let attempts = 0
    server.use(
      http.post(`${BASE}/emails`, async ({ request }) => {
        if (++attempts > 1) return undefined // the fake answers: it remembers the key
        // Resend takes the message and remembers its key, but the answer never arrives in time.
        const key = request.headers.get('idempotency-key') ?? ''
        fake.keys.set(key, { body: await request.text(), id: 'first-attempt-id' })
        fake.sent++
        await delay(3_000)
        return HttpResponse.json({ id: 'first-attempt-id' })
      }),
    )
    const { providerMessageId } = await testResend({ retries: 1, timeoutMs: 1_000 }).send(message)
    expect(attempts).toBe(2)
    expect(fake.lastIdempotencyKey).toBe('outbox-7f3a')
    expect(providerMessageId).toBe('first-attempt-id')
    expect(fake.sent).toBe(1)
  })

  it('the same key with a different message → NOTIFY_REQUEST_REJECTED saying so', async () => {
    const notifier = testResend()
    await notifier.send(message)
    const error = await failure(notifier.send({ ...message, text: 'Something else' }))
    expect(error.code).toBe('NOTIFY_REQUEST_REJECTED')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('invalid_idempotent_request')
    expect(error.message).toContain('already used within 24 hours for a different message')
    expect(fake.sent).toBe(1)
  })

  it('the same key while the first request is in flight → retryable NOTIFY_UNAVAILABLE', async () => {
    answer(
      409,
      'concurrent_idempotent_requests',
      'Same idempotency key used while original request is still in progress.',
    )
    const error = await failure(testResend().send(message))
    expect(error.code).toBe('NOTIFY_UNAVAILABLE')
    expect(error.retryable).toBe(true)
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1_000)
  })
})

describe('errors, keyed on the name', () => {
  it.each([
    [401, 'missing_api_key', 'NOTIFY_AUTH_FAILED'],
    [401, 'restricted_api_key', 'NOTIFY_AUTH_FAILED'],
    [403, 'invalid_api_key', 'NOTIFY_AUTH_FAILED'],
    [401, 'validation_error', 'NOTIFY_AUTH_FAILED'],
    [400, 'validation_error', 'NOTIFY_REQUEST_REJECTED'],
    [422, 'validation_error', 'NOTIFY_REQUEST_REJECTED'],
    [403, 'validation_error', 'NOTIFY_REQUEST_REJECTED'],
    [403, 'invalid_from_address', 'NOTIFY_REQUEST_REJECTED'],
    [400, 'invalid_idempotency_key', 'NOTIFY_REQUEST_REJECTED'],
    [422, 'missing_required_field', 'NOTIFY_REQUEST_REJECTED'],
    [422, 'invalid_attachment', 'NOTIFY_REQUEST_REJECTED'],
    [451, 'security_error', 'NOTIFY_REQUEST_REJECTED'],
    [404, 'not_found', 'NOTIFY_NOT_FOUND'],
    [500, 'application_error', 'NOTIFY_UNAVAILABLE'],
  ])('%i %s → %s', async (status, name, code) => {
    answer(status, name, 'as Resend says it')
    const error = await failure(testResend().send(message))
    expect(error.code).toBe(code)
    expect(error.message).toContain(name)
    expect(error.details).toMatchObject({ status, name })
  })

  it('rate_limit_exceeded → NOTIFY_RATE_LIMITED with retry-after', async () => {
    answer(429, 'rate_limit_exceeded', 'Too many requests', { 'retry-after': '2' })
    const error = await failure(testResend().send(message))
    expect(error.code).toBe('NOTIFY_RATE_LIMITED')
    expect(error.retryAfterMs).toBe(2_000)
  })

  it.each([
    ['daily_quota_exceeded', 3_600_000],
    ['monthly_quota_exceeded', 86_400_000],
  ])('%s is not retried within the request; retryAfterMs ≥ %i', async (name, atLeast) => {
    let calls = 0
    server.use(
      http.post(`${BASE}/emails`, () => {
        calls++
        return HttpResponse.json({ statusCode: 429, name, message: 'quota' }, { status: 429 })
      }),
    )
    const error = await failure(testResend({ retries: 3 }).send(message))
    expect(calls).toBe(1)
    expect(error.code).toBe('NOTIFY_RATE_LIMITED')
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(atLeast)
  })

  it('5xx is retried with the same Idempotency-Key, then NOTIFY_UNAVAILABLE', async () => {
    const keys: (string | null)[] = []
    server.use(
      http.post(`${BASE}/emails`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'))
        return HttpResponse.json(
          { statusCode: 500, name: 'internal_server_error', message: 'oops' },
          { status: 500 },
        )
      }),
    )
    const error = await failure(testResend({ retries: 1 }).send(message))
    expect(error.code).toBe('NOTIFY_UNAVAILABLE')
    expect(error.retryable).toBe(true)
    expect(keys).toEqual(['outbox-7f3a', 'outbox-7f3a'])
  })

  it('a 2xx without an id is still a send (null id), not a failure that would send again', async () => {
    server.use(http.post(`${BASE}/emails`, () => HttpResponse.json({})))
    expect(await testResend().send(message)).toEqual({ providerMessageId: null })
  })
})
