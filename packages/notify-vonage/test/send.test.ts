import { HttpResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { clientRef, THROTTLED_RETRY_MS, VONAGE_SEND_STATUSES, vonageSms } from '../src/index.ts'
import { errorOf } from './helpers.ts'
import { API_KEY, API_SECRET, refused, VONAGE_FAKE_URL, vonageFake } from './vonage-api.ts'

const { server, state } = vonageFake()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  state.fault = null
  state.once = null
  state.received.length = 0
  state.calls = 0
})
afterAll(() => server.close())

const base = {
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  from: '+15005550006',
  baseUrl: VONAGE_FAKE_URL,
  retries: 0,
}
const sms = (extra: Record<string, unknown> = {}) => vonageSms({ ...base, ...extra })
const message = {
  idempotencyKey: 'n-1',
  channel: 'sms' as const,
  to: '+447700900000',
  text: 'Out for delivery',
}
const last = () => state.received.at(-1) ?? expect.fail('Vonage received nothing')

describe('what Vonage receives', () => {
  it('a form post with api_key, api_secret, numbers without +, text, type and client-ref', async () => {
    const result = await sms({ callback: 'https://shop.example/webhooks/vonage-sms', ttlMs: 3_600_000 }).send(
      message,
    )
    expect(result).toEqual({
      providerMessageId: '020000001B0FE827',
      segments: 1,
      messageIds: ['020000001B0FE827'],
    })
    const got = last()
    expect(got.contentType).toContain('application/x-www-form-urlencoded')
    expect(Object.fromEntries(got.form)).toEqual({
      api_key: API_KEY,
      api_secret: API_SECRET,
      from: '15005550006',
      to: '447700900000',
      text: 'Out for delivery',
      type: 'text',
      'client-ref': 'n-1',
      callback: 'https://shop.example/webhooks/vonage-sms',
      ttl: '3600000',
    })
  })

  it('type unicode only when the text needs it (auto), or as configured', async () => {
    await sms().send({ ...message, text: 'Livraison aujourd’hui, ça arrive' })
    expect(last().form.get('type')).toBe('unicode')
    await sms().send({ ...message, text: 'Lieferung heute: Änderung über {link}' })
    expect(last().form.get('type')).toBe('text')
    await sms({ encoding: 'unicode' }).send(message)
    expect(last().form.get('type')).toBe('unicode')
  })

  it('a multi-part SMS: the first part’s id, every id, and the segment count', async () => {
    const result = await sms().send({ ...message, text: '1'.repeat(161) })
    expect(result.segments).toBe(2)
    expect(result.messageIds).toHaveLength(2)
    expect(result.providerMessageId).toBe(result.messageIds[0])
  })

  it('client-ref: the key, or a 40-character digest of a longer key', async () => {
    const long = 'x'.repeat(41)
    expect(clientRef(long)).toMatch(/^[0-9a-f]{40}$/)
    await sms().send({ ...message, idempotencyKey: long })
    expect(last().form.get('client-ref')).toBe(clientRef(long))
  })

  it.each(['447700900000', '+0447700900000', '0044 7700 900000', '+4477009000001234', 'parcel@example.com'])(
    'refuses %s (not E.164) before any call',
    async (to) => {
      expect((await errorOf(() => sms().send({ ...message, to }))).code).toBe('NOTIFY_REQUEST_REJECTED')
      expect(state.calls).toBe(0)
    },
  )
})

describe('SMS API status codes (HTTP 200)', () => {
  it.each(Object.entries(VONAGE_SEND_STATUSES))('status %s → %o', async (status, { code }) => {
    state.once = () => refused(status, 'as Vonage says it')
    const e = await errorOf(() => sms().send(message))
    expect(e.code).toBe(code)
    expect(e.details).toMatchObject({ vonageStatus: status, errorText: 'as Vonage says it' })
  })

  it('7 (number barred) → NOTIFY_OPTED_OUT naming the recipient', async () => {
    state.fault = 'opted_out'
    const e = await errorOf(() => sms().send(message))
    expect(e.code).toBe('NOTIFY_OPTED_OUT')
    expect(e.details?.recipient).toBe('+447700900000')
    expect(e.retryable).toBe(false)
  })

  it('1 (throttled) → NOTIFY_RATE_LIMITED with a wait; 4 → NOTIFY_AUTH_FAILED, final', async () => {
    state.fault = 'rate_limited'
    const throttled = await errorOf(() => sms().send(message))
    expect([throttled.code, throttled.retryable, throttled.retryAfterMs]).toEqual([
      'NOTIFY_RATE_LIMITED',
      true,
      THROTTLED_RETRY_MS,
    ])
    state.fault = 'auth'
    const auth = await errorOf(() => sms().send(message))
    expect([auth.code, auth.retryable]).toEqual(['NOTIFY_AUTH_FAILED', false])
  })

  it('an unknown status → NOTIFY_REQUEST_REJECTED with Vonage’s text', async () => {
    state.once = () => refused('99', 'Something new')
    const e = await errorOf(() => sms().send(message))
    expect(e.code).toBe('NOTIFY_REQUEST_REJECTED')
    expect(e.message).toContain('Something new')
  })

  it('some parts accepted: success with the accepted ids (sending again would repeat them)', async () => {
    state.once = () =>
      HttpResponse.json({
        'message-count': '2',
        messages: [
          { status: '0', 'message-id': '0200000AAAAAAAA1', to: '447700900000' },
          { status: '5', 'error-text': 'Internal Error' },
        ],
      })
    const result = await sms().send(message)
    expect(result).toEqual({
      providerMessageId: '0200000AAAAAAAA1',
      segments: 2,
      messageIds: ['0200000AAAAAAAA1'],
    })
  })

  it('HTTP 5xx is retried, then NOTIFY_UNAVAILABLE', async () => {
    state.once = () => HttpResponse.text('bad gateway', { status: 502 })
    const result = await sms({ retries: 1 }).send(message)
    expect(result.providerMessageId).toBeTruthy()
    expect(state.calls).toBe(2)
  })

  it('HTTP 401 → NOTIFY_AUTH_FAILED; an answer without messages → NOTIFY_RESPONSE_INVALID', async () => {
    state.once = () => HttpResponse.json({ error: 'unauthorized' }, { status: 401 })
    expect((await errorOf(() => sms().send(message))).code).toBe('NOTIFY_AUTH_FAILED')
    state.once = () => HttpResponse.json({ 'message-count': '0', messages: [] })
    expect((await errorOf(() => sms().send(message))).code).toBe('NOTIFY_RESPONSE_INVALID')
  })

  it('errors never carry the API secret', async () => {
    state.fault = 'auth'
    const e = await errorOf(() => sms().send(message))
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain(API_SECRET)
  })
})
