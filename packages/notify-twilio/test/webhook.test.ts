import type { WismoError } from '@wismo/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { twilioSms } from '../src/index.ts'
import { twilioSignature } from '../src/signature.ts'
import { TWILIO_STATUSES } from '../src/status-map.ts'
import { errorOf } from './helpers.ts'
import { ACCOUNT_SID, AUTH_TOKEN } from './twilio-api.ts'

const PUBLIC = 'https://shop.example/webhooks/twilio-sms'
const sms = (extra: Record<string, unknown> = {}) =>
  twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', ...extra })

// The documented status-callback parameters (Twilio "Track the message status of outbound messages").
function callback(fields: Record<string, string>, signUrl = PUBLIC, url = PUBLIC, token = AUTH_TOKEN) {
  const params = {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    From: '+15005550006',
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    SmsSid: 'SM0123456789abcdef0123456789abcdef',
    To: '+14155550123',
    ...fields,
  }
  return {
    method: 'POST',
    url,
    headers: new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(token, signUrl, params),
    }),
    body: new TextEncoder().encode(new URLSearchParams(params).toString()),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-11-29T12:00:00Z'))
})
afterEach(() => {
  vi.useRealTimers()
})

describe('status callbacks: verify', () => {
  it('accepts a signed callback and names the event for replay checks', async () => {
    const result = await sms().webhook.verify(callback({ MessageStatus: 'delivered' }))
    expect(result).toEqual({ secretIndex: 0, messageId: 'SM0123456789abcdef0123456789abcdef:delivered' })
  })

  it('behind a proxy: verifies against publicUrl, not the URL the server saw', async () => {
    const internal = 'http://10.0.0.7:8080/webhooks/twilio-sms'
    const request = callback({ MessageStatus: 'sent' }, PUBLIC, internal)
    expect((await errorOf(() => sms().webhook.verify(request))).code).toBe('WEBHOOK_INVALID_SIGNATURE')
    await expect(sms({ publicUrl: PUBLIC }).webhook.verify(request)).resolves.toBeTruthy()
  })

  it('statusCallback is the signed URL by default (query string included)', async () => {
    const withQuery = `${PUBLIC}?shop=7`
    const request = callback(
      { MessageStatus: 'sent' },
      withQuery,
      'http://127.0.0.1:3000/webhooks/twilio-sms',
    )
    await expect(sms({ statusCallback: withQuery }).webhook.verify(request)).resolves.toBeTruthy()
  })

  it('refuses another token, a missing header, and an extra parameter', async () => {
    const other = callback({ MessageStatus: 'sent' }, PUBLIC, PUBLIC, 'another-auth-token-99')
    expect((await errorOf(() => sms().webhook.verify(other))).code).toBe('WEBHOOK_INVALID_SIGNATURE')
    const signed = callback({ MessageStatus: 'sent' })
    const headers = new Headers(signed.headers)
    headers.delete('x-twilio-signature')
    expect((await errorOf(() => sms().webhook.verify({ ...signed, headers }))).code).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
    const body = new TextEncoder().encode(`${new TextDecoder().decode(signed.body)}&ErrorCode=21610`)
    expect((await errorOf(() => sms().webhook.verify({ ...signed, body }))).code).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
  })

  it('without the auth token (API-key sender) webhooks are a configuration error', async () => {
    const keyOnly = twilioSms({
      accountSid: ACCOUNT_SID,
      apiKeySid: 'SKffffffffffffffffffffffffffffffff',
      apiKeySecret: 'api-key-secret-0001',
      from: '+15005550006',
    })
    expect((await errorOf(() => keyOnly.webhook.verify(callback({ MessageStatus: 'sent' })))).code).toBe(
      'CONFIG_INVALID',
    )
  })
})

describe('status callbacks: parse', () => {
  const parse = async (fields: Record<string, string>) => {
    const request = callback(fields)
    return sms().webhook.parse(undefined, request)
  }

  it.each([
    ['sent', undefined, 'sent'],
    ['delivered', undefined, 'delivered'],
    ['read', undefined, 'delivered'],
    ['undelivered', '30003', 'failed'],
    ['undelivered', '30005', 'bounced'],
    ['failed', '30006', 'bounced'],
    ['failed', '21610', 'opted_out'],
    ['undelivered', '21610', 'opted_out'],
    ['failed', '30007', 'failed'],
    ['canceled', undefined, 'failed'],
  ])('%s (ErrorCode %s) → %s', async (status, code, expected) => {
    const events = await parse({ MessageStatus: status, ...(code ? { ErrorCode: code } : {}) })
    expect(events).toEqual([
      {
        providerMessageId: 'SM0123456789abcdef0123456789abcdef',
        status: expected,
        occurredAt: '2026-11-29T12:00:00.000Z',
        recipient: '+14155550123',
        reason: code ? `${status} (ErrorCode ${code})` : status,
        providerEventId: `SM0123456789abcdef0123456789abcdef:${status}`,
      },
    ])
  })

  it.each([
    'queued',
    'accepted',
    'scheduled',
    'sending',
    'partially_delivered',
    'receiving',
    'received',
    'brand_new',
  ])('%s is not a delivery event', async (status) => {
    expect(await parse({ MessageStatus: status })).toEqual([])
  })

  it('covers every status of twilio-oai message_enum_status', () => {
    expect(Object.keys(TWILIO_STATUSES).sort()).toEqual(
      [
        'queued',
        'sending',
        'sent',
        'failed',
        'delivered',
        'undelivered',
        'receiving',
        'received',
        'accepted',
        'scheduled',
        'read',
        'partially_delivered',
        'canceled',
      ].sort(),
    )
  })

  it('parses fields a host already decoded', async () => {
    const events = await sms().webhook.parse(
      { MessageSid: 'SM1', MessageStatus: 'delivered', To: '+14155550123' },
      callback({ MessageStatus: 'x' }),
    )
    expect(events[0]?.providerMessageId).toBe('SM1')
  })

  it('a body without MessageSid → WEBHOOK_UNPROCESSABLE', async () => {
    const request = { ...callback({}), body: new TextEncoder().encode('Hello=1') }
    expect(((await errorOf(() => sms().webhook.parse(undefined, request))) as WismoError).code).toBe(
      'WEBHOOK_UNPROCESSABLE',
    )
  })
})
