import { isWismoError, type ParsedOutgoingMessage, type WismoError } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BASE, fake, sendgridHandlers, testSendgrid, VECTOR, vectorRequest } from '../test/sendgrid-api.ts'
import { IDEMPOTENCY_ARG } from './notifier.ts'

const server = setupServer(...sendgridHandlers())
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

describe('what SendGrid receives', () => {
  it('one personalization, from, subject, text/plain before text/html, key and tags as custom_args', async () => {
    const result = await testSendgrid().send(message)
    expect(result.providerMessageId).toMatch(/^W4rLtQ5sS\d{4}xYz_AbC$/)
    const [request] = fake.requests
    expect(request?.headers.get('content-type')).toContain('application/json')
    expect(request?.body).toEqual({
      personalizations: [{ to: [{ email: 'customer@example.com' }] }],
      from: { email: 'orders@shop.example', name: 'Shop' },
      subject: 'Out for delivery',
      content: [
        { type: 'text/plain', value: 'Your parcel arrives today.' },
        { type: 'text/html', value: '<p>Your parcel arrives today.</p>' },
      ],
      custom_args: { shipment: 'shp_123', trigger: 'out_for_delivery', [IDEMPOTENCY_ARG]: 'outbox-7f3a' },
    })
  })

  it('text only, reply-to, sandbox mode; a sender given as a bare address', async () => {
    const notifier = testSendgrid({
      from: 'orders@shop.example',
      replyTo: 'help@shop.example',
      sandbox: true,
    })
    await notifier.send({ ...message, html: undefined, tags: {} })
    expect(fake.requests[0]?.body).toMatchObject({
      from: { email: 'orders@shop.example' },
      reply_to: { email: 'help@shop.example' },
      content: [{ type: 'text/plain', value: 'Your parcel arrives today.' }],
      custom_args: { [IDEMPOTENCY_ARG]: 'outbox-7f3a' },
      mail_settings: { sandbox_mode: { enable: true } },
    })
  })

  it('a tag named like a SendGrid event field is not sent (it would shadow the field in events)', async () => {
    await testSendgrid().send({
      ...message,
      tags: { event: 'x', email: 'y', [IDEMPOTENCY_ARG]: 'forged', ok: '1' },
    })
    expect(fake.requests[0]?.body.custom_args).toEqual({ ok: '1', [IDEMPOTENCY_ARG]: 'outbox-7f3a' })
  })

  it('an e-mail without subject is refused before any call', async () => {
    const error = await failure(testSendgrid().send({ ...message, subject: undefined }))
    expect(error.code).toBe('INPUT_INVALID')
    expect(fake.requests).toHaveLength(0)
  })

  it('a 2xx without X-Message-Id is still a send (null id): refusing it would send again', async () => {
    server.use(http.post(`${BASE}/v3/mail/send`, () => new HttpResponse(null, { status: 202 })))
    expect(await testSendgrid().send(message)).toEqual({ providerMessageId: null })
  })
})

describe('errors', () => {
  it('a wrong key → NOTIFY_AUTH_FAILED with SendGrid’s words, no secret', async () => {
    const error = await failure(testSendgrid({ apiKey: 'SG.some-other-key-000000' }).send(message))
    expect(error.code).toBe('NOTIFY_AUTH_FAILED')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('authorization grant is invalid')
    expect(error.message).not.toContain('some-other-key')
  })

  it('403 (key without Mail Send permission, unverified sender) → NOTIFY_AUTH_FAILED', async () => {
    server.use(
      http.post(`${BASE}/v3/mail/send`, () =>
        HttpResponse.json(
          {
            errors: [
              { field: 'from', message: 'The from address does not match a verified Sender Identity.' },
            ],
          },
          { status: 403 },
        ),
      ),
    )
    const error = await failure(testSendgrid().send(message))
    expect(error.code).toBe('NOTIFY_AUTH_FAILED')
    expect(error.message).toContain('from: The from address does not match a verified Sender Identity.')
  })

  it('400 → NOTIFY_REQUEST_REJECTED naming the field; the body stays in details', async () => {
    fake.fault = 'rejected'
    const error = await failure(testSendgrid().send(message))
    expect(error.code).toBe('NOTIFY_REQUEST_REJECTED')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('personalizations.0.to.0.email: Does not contain a valid address.')
    expect(error.details?.body).toMatchObject({ errors: [{ field: 'personalizations.0.to.0.email' }] })
  })

  it('413 content too large → NOTIFY_REQUEST_REJECTED', async () => {
    server.use(
      http.post(`${BASE}/v3/mail/send`, () =>
        HttpResponse.json({ errors: [{ field: null, message: 'content too large' }] }, { status: 413 }),
      ),
    )
    const error = await failure(testSendgrid().send(message))
    expect(error.code).toBe('NOTIFY_REQUEST_REJECTED')
    expect(error.message).toContain('content too large')
  })

  it('429 → NOTIFY_RATE_LIMITED, retryAfterMs from X-RateLimit-Reset (SendGrid sends no Retry-After)', async () => {
    fake.fault = 'rate_limited'
    fake.resetInSec = 42
    const error = await failure(testSendgrid().send(message))
    expect(error.code).toBe('NOTIFY_RATE_LIMITED')
    expect(error.retryable).toBe(true)
    // The reset is whole epoch seconds: 41–43 s from "now" whatever the machine's speed.
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(40_000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(43_000)
  })

  it('429 without any reset header still says when to retry', async () => {
    server.use(
      http.post(`${BASE}/v3/mail/send`, () =>
        HttpResponse.json({ errors: [{ field: null, message: 'too many requests' }] }, { status: 429 }),
      ),
    )
    const error = await failure(testSendgrid().send(message))
    expect(error.code).toBe('NOTIFY_RATE_LIMITED')
    expect(error.retryAfterMs).toBe(10_000)
  })

  it('5xx is retried, then NOTIFY_UNAVAILABLE (retryable)', async () => {
    fake.fault = 'unavailable'
    let calls = 0
    server.events.on('request:start', () => {
      calls++
    })
    const error = await failure(testSendgrid({ retries: 1 }).send(message))
    server.events.removeAllListeners()
    expect(error.code).toBe('NOTIFY_UNAVAILABLE')
    expect(error.retryable).toBe(true)
    expect(calls).toBe(2)
  })
})

describe('delivery events through the notifier', () => {
  it('the id send() returned matches the events: sg_message_id is X-Message-Id + "." + suffix', async () => {
    fake.nextMessageId = 'LRzXl_NHStOGhQ4kofSm_A'
    const notifier = testSendgrid()
    const { providerMessageId } = await notifier.send(message)
    const raw = vectorRequest()
    await notifier.webhook?.verify(raw)
    const events = await notifier.webhook?.parse(JSON.parse(VECTOR.payload), raw)
    expect(events?.map((e) => e.providerMessageId)).toEqual([providerMessageId])
  })

  it('no public key configured → CONFIG_INVALID, not a silent accept', async () => {
    const error = await failure(
      Promise.resolve(testSendgrid({ webhookPublicKeys: undefined }).webhook?.verify(vectorRequest())),
    )
    expect(error.code).toBe('CONFIG_INVALID')
  })

  it('webhookToleranceSec refuses the (2020) vector as stale', async () => {
    const error = await failure(
      Promise.resolve(testSendgrid({ webhookToleranceSec: 600 }).webhook?.verify(vectorRequest())),
    )
    expect(error.code).toBe('WEBHOOK_STALE')
  })
})
