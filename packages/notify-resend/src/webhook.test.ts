import { isWismoError } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { testResend } from '../test/resend-api.ts'
import { RESEND_EVENTS } from './event-map.ts'
import { parseResendEvent, resendWebhookVerifier } from './webhook.ts'

// Standard Webhooks official vectors (standard-webhooks/standard-webhooks, MIT), verbatim:
// A from libraries/javascript/src/webhook.test.ts, B from libraries/rust/src/lib.rs.
const A = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const B = {
  secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
  id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk',
  timestamp: '1649367553',
  payload: '{"email":"test@example.com","username":"test_user"}',
  signature: 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=',
}
const WRONG = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='

type Vector = typeof A
const at = (v: Vector, deltaSec = 0) => new Date((Number(v.timestamp) + deltaSec) * 1000)

/** The vector as Resend (Svix) would post it: `svix-` headers, or `webhook-` ones. */
function request(v: Vector, overrides: Partial<Vector> = {}, prefix: 'svix' | 'webhook' = 'svix') {
  const x = { ...v, ...overrides }
  return {
    method: 'POST',
    url: 'https://shop.example/webhooks/resend',
    headers: new Headers({
      [`${prefix}-id`]: x.id,
      [`${prefix}-timestamp`]: x.timestamp,
      [`${prefix}-signature`]: x.signature,
    }),
    body: new TextEncoder().encode(x.payload),
  }
}

const verify = resendWebhookVerifier()

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  return isWismoError(error) ? error.code : `not a WismoError: ${String(error)}`
}

describe('resendWebhookVerifier: Svix headers, Standard Webhooks vectors', () => {
  it.each([
    ['A', A],
    ['B', B],
  ])('vector %s verifies with svix- headers, reporting the svix-id', async (_name, v) => {
    expect(await verify(request(v), [v.secret], at(v))).toEqual({
      messageId: v.id,
      timestamp: Number(v.timestamp),
      secretIndex: 0,
    })
  })

  it('webhook- headers are accepted too (as Svix libraries do)', async () => {
    await expect(verify(request(A, {}, 'webhook'), [A.secret], at(A))).resolves.toMatchObject({
      messageId: A.id,
    })
  })

  it('a list with a wrong signature first and the right one second verifies; rotation reports the index', async () => {
    await expect(
      verify(request(A, { signature: `${WRONG} ${A.signature}` }), [A.secret], at(A)),
    ).resolves.toBeTruthy()
    expect(await verify(request(A), [B.secret, A.secret], at(A))).toMatchObject({ secretIndex: 1 })
  })

  it.each([
    ['a wrong signature', { signature: WRONG }],
    ['garbage after v1,', { signature: 'v1,dawfeoifkpqwoekfpqoekf' }],
    ['a truncated signature', { signature: A.signature.slice(0, 8) }],
    ['"v1," alone', { signature: 'v1,' }],
    ['rust test_no_verify', { signature: 'v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=' }],
    ['a non-numeric timestamp', { timestamp: 'hello' }],
    ['another id', { id: 'msg_other' }],
    ['a changed body', { payload: '{"test": 2432232315}' }],
  ])('%s → WEBHOOK_INVALID_SIGNATURE', async (_title, overrides) => {
    expect(await codeOf(verify(request(A, overrides), [A.secret], at(A)))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('older or newer than 5 minutes → WEBHOOK_STALE; exactly 5 minutes passes', async () => {
    await expect(verify(request(A), [A.secret], at(A, 300))).resolves.toBeTruthy()
    expect(await codeOf(verify(request(A), [A.secret], at(A, 301)))).toBe('WEBHOOK_STALE')
    expect(await codeOf(verify(request(A), [A.secret], at(A, -301)))).toBe('WEBHOOK_STALE')
  })

  it('secrets "" and "whsec_" → CONFIG_INVALID', async () => {
    expect(await codeOf(verify(request(A), [''], at(A)))).toBe('CONFIG_INVALID')
    expect(await codeOf(verify(request(A), ['whsec_'], at(A)))).toBe('CONFIG_INVALID')
  })

  it('the notifier without webhookSecrets refuses every request (CONFIG_INVALID)', async () => {
    const notifier = testResend({ webhookSecrets: undefined })
    expect(await codeOf(Promise.resolve(notifier.webhook?.verify(request(A))))).toBe('CONFIG_INVALID')
  })
})

const EMAIL_ID = '4ef9a417-02e9-4d39-ad75-9611e0fcc33c'
const event = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: '2024-11-22T23:41:12.126Z',
  data: {
    broadcast_id: '8b146471-e88e-4322-86af-016cd36fd216',
    created_at: '2024-11-22T23:41:11.894719+00:00',
    email_id: EMAIL_ID,
    from: 'Acme <onboarding@resend.dev>',
    to: ['delivered@resend.dev'],
    subject: 'Sending this example',
    tags: { category: 'confirm_email' },
    ...extra,
  },
})

describe('parseResendEvent', () => {
  it('a delivered event: email_id is the send id; the svix-id names the event', () => {
    expect(
      parseResendEvent(
        event('email.delivered'),
        new Headers({ 'svix-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' }),
      ),
    ).toEqual([
      {
        providerMessageId: EMAIL_ID,
        status: 'delivered',
        occurredAt: '2024-11-22T23:41:12.126Z',
        recipient: 'delivered@resend.dev',
        reason: null,
        providerEventId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      },
    ])
  })

  it.each([
    ['email.sent', {}, 'sent', null],
    ['email.delivery_delayed', {}, 'deferred', null],
    ['email.complained', {}, 'opted_out', null],
    [
      'email.bounced',
      { bounce: { type: 'Permanent', subType: 'General', message: 'The recipient rejected the message.' } },
      'bounced',
      'Permanent General The recipient rejected the message.',
    ],
    [
      'email.bounced',
      { bounce: { type: 'Undetermined', subType: 'Undetermined', message: 'x' } },
      'bounced',
      'Undetermined Undetermined x',
    ],
    [
      'email.bounced',
      { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'full' } },
      'failed',
      'Transient MailboxFull full',
    ],
    ['email.bounced', {}, 'bounced', null],
    ['email.failed', { failed: { reason: 'reached_daily_quota' } }, 'failed', 'reached_daily_quota'],
    [
      'email.suppressed',
      {
        suppressed: {
          type: 'OnAccountSuppressionList',
          reason: 'previous_bounce',
          message: 'bounced before',
        },
      },
      'bounced',
      'previous_bounce bounced before',
    ],
    [
      'email.suppressed',
      { suppressed: { reason: 'previous_complaint', message: 'complained' } },
      'opted_out',
      'previous_complaint complained',
    ],
  ])('%s %o → %s', (type, extra, status, reason) => {
    const [parsed] = parseResendEvent(event(type, extra))
    expect(parsed?.status).toBe(status)
    expect(parsed?.reason).toBe(reason)
  })

  it('not about delivery: scheduled, opened, clicked, received, contact and domain events → []', () => {
    for (const type of [
      'email.scheduled',
      'email.opened',
      'email.clicked',
      'email.received',
      'contact.created',
      'domain.updated',
    ])
      expect(parseResendEvent(event(type))).toEqual([])
  })

  it('tags as an array of {name, value} (as the docs say) parse too', () => {
    expect(parseResendEvent(event('email.sent', { tags: [{ name: 'category', value: 'x' }] }))).toHaveLength(
      1,
    )
  })

  it('falls back to data.created_at, normalising microseconds and +00:00', () => {
    const body = { ...event('email.sent'), created_at: 'not a date' }
    expect(parseResendEvent(body)[0]?.occurredAt).toBe('2024-11-22T23:41:11.894Z')
  })

  it('a body that is not an e-mail event → WEBHOOK_UNPROCESSABLE', () => {
    for (const body of [{}, [], 'x', { type: 'email.delivered', created_at: 'x', data: {} }]) {
      let error: unknown
      try {
        parseResendEvent(body)
      } catch (e) {
        error = e
      }
      expect(isWismoError(error, 'WEBHOOK_UNPROCESSABLE')).toBe(true)
    }
  })

  it('covers every documented e-mail event type', () => {
    expect(Object.keys(RESEND_EVENTS).sort()).toEqual([
      'email.bounced',
      'email.clicked',
      'email.complained',
      'email.delivered',
      'email.delivery_delayed',
      'email.failed',
      'email.opened',
      'email.received',
      'email.scheduled',
      'email.sent',
      'email.suppressed',
    ])
  })
})
