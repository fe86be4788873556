import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { VONAGE_DLR_STATUSES, vonageSms } from '../src/index.ts'
import { vonageSignature } from '../src/signature.ts'
import { errorOf } from './helpers.ts'
import { API_KEY, API_SECRET } from './vonage-api.ts'

const SECRET = 'vonage-signature-secret-0001'
const NOW = new Date('2026-11-29T12:01:00Z')
const URL_ = 'https://shop.example/webhooks/vonage-sms'
const sms = (extra: Record<string, unknown> = {}) =>
  vonageSms({ apiKey: API_KEY, apiSecret: API_SECRET, from: 'AcmeShop', signatureSecret: SECRET, ...extra })

// A delivery receipt with the documented fields (Nexmo sms.yml callbacks.delivery-receipt).
function fields(
  extra: Record<string, string> = {},
  method: 'md5hash' | 'sha256' = 'md5hash',
): Record<string, string> {
  const f: Record<string, string> = {
    msisdn: '447700900000',
    to: 'AcmeShop',
    'network-code': '23410',
    messageId: '0A0000001234567B',
    price: '0.03330000',
    status: 'delivered',
    scts: '2611291200',
    'err-code': '0',
    'api-key': API_KEY,
    'client-ref': 'n-1',
    'message-timestamp': '2026-11-29 12:00:30',
    timestamp: String(NOW.getTime() / 1000),
    nonce: 'f3ab61d5-0000-4000-8000-000000000001',
    ...extra,
  }
  return { ...f, sig: vonageSignature(f, SECRET, method) }
}
const enc = (s: string) => new TextEncoder().encode(s)
const json = (f: Record<string, string>) => ({
  method: 'POST',
  url: URL_,
  headers: new Headers({ 'content-type': 'application/json' }),
  body: enc(JSON.stringify(f)),
})
const form = (f: Record<string, string>) => ({
  method: 'POST',
  url: URL_,
  headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
  body: enc(new URLSearchParams(f).toString()),
})
const query = (f: Record<string, string>) => ({
  method: 'GET',
  url: `${URL_}?${new URLSearchParams(f)}`,
  headers: new Headers(),
  body: new Uint8Array(),
})

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(NOW)
})
afterEach(() => {
  vi.useRealTimers()
})

describe('delivery receipts: verify', () => {
  it.each([
    ['JSON body', json],
    ['form body', form],
    ['GET query', query],
  ])('accepts a signed receipt sent as %s', async (_, as) => {
    const result = await sms().webhook.verify(as(fields()))
    expect(result).toEqual({
      secretIndex: 0,
      timestamp: NOW.getTime() / 1000,
      messageId: '0A0000001234567B:delivered:0',
    })
  })

  it('a query string of your own on a POST callback URL is not part of the signed fields', async () => {
    const request = { ...json(fields()), url: `${URL_}?shop=7` }
    await expect(sms().webhook.verify(request)).resolves.toBeTruthy()
  })

  it('the official vector verifies through the webhook (md5hash, its own moment)', async () => {
    vi.setSystemTime(new Date(1385047698 * 1000))
    const vector = {
      'message-timestamp': '2013-11-21 15:27:30',
      messageId: '020000001B0FE827',
      msisdn: '14843472194',
      text: 'Test again',
      timestamp: '1385047698',
      to: '13239877404',
      type: 'text',
      sig: 'd2e7b1dc968737c5998ad624e02f90b7',
    }
    const hook = vonageSms({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      from: 'AcmeShop',
      signatureSecret: 'my_secret_key_for_testing',
    }).webhook
    await expect(hook.verify(form(vector))).resolves.toMatchObject({ timestamp: 1385047698 })
  })

  it('the configured method: a sha256 receipt needs signatureMethod sha256', async () => {
    const signed = json(fields({}, 'sha256'))
    expect((await errorOf(() => sms().webhook.verify(signed))).code).toBe('WEBHOOK_INVALID_SIGNATURE')
    await expect(sms({ signatureMethod: 'sha256' }).webhook.verify(signed)).resolves.toBeTruthy()
  })

  it('refuses a changed field, a missing sig, and another secret', async () => {
    const changed = { ...fields(), status: 'failed' }
    expect((await errorOf(() => sms().webhook.verify(json(changed)))).code).toBe('WEBHOOK_INVALID_SIGNATURE')
    const { sig: _sig, ...unsigned } = fields()
    expect((await errorOf(() => sms().webhook.verify(json(unsigned)))).code).toBe('WEBHOOK_INVALID_SIGNATURE')
    const other = vonageSms({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      from: 'AcmeShop',
      signatureSecret: 'another-secret-0002',
    })
    expect((await errorOf(() => other.webhook.verify(json(fields())))).code).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('a receipt signed more than toleranceSec ago (or ahead) → WEBHOOK_STALE', async () => {
    const old = fields({ timestamp: String(NOW.getTime() / 1000 - 301) })
    expect((await errorOf(() => sms().webhook.verify(json(old)))).code).toBe('WEBHOOK_STALE')
    const ahead = fields({ timestamp: String(NOW.getTime() / 1000 + 301) })
    expect((await errorOf(() => sms().webhook.verify(json(ahead)))).code).toBe('WEBHOOK_STALE')
    await expect(sms({ toleranceSec: 600 }).webhook.verify(json(old))).resolves.toBeTruthy()
  })

  it('without signatureSecret webhooks are a configuration error', async () => {
    const plain = vonageSms({ apiKey: API_KEY, apiSecret: API_SECRET, from: 'AcmeShop' })
    expect((await errorOf(() => plain.webhook.verify(json(fields())))).code).toBe('CONFIG_INVALID')
  })
})

describe('delivery receipts: parse', () => {
  const parse = (extra: Record<string, string>) => sms().webhook.parse(undefined, json(fields(extra)))

  it.each([
    ['delivered', '0', 'delivered'],
    ['accepted', '0', 'sent'],
    ['buffered', '0', 'deferred'],
    ['expired', '0', 'failed'],
    ['failed', '5', 'failed'],
    ['rejected', '9', 'opted_out'],
    ['failed', '9', 'opted_out'],
    ['rejected', '6', 'failed'],
  ])('%s (err-code %s) → %s', async (status, errCode, expected) => {
    expect(await parse({ status, 'err-code': errCode })).toEqual([
      {
        providerMessageId: '0A0000001234567B',
        status: expected,
        occurredAt: '2026-11-29T12:00:30.000Z',
        recipient: '+447700900000',
        reason: errCode === '0' ? status : `${status} (err-code ${errCode})`,
        providerEventId: `0A0000001234567B:${status}:${errCode}`,
      },
    ])
  })

  it.each(['unknown', 'brand_new'])('%s is not a delivery event', async (status) => {
    expect(await parse({ status })).toEqual([])
  })

  it('covers every documented receipt status', () => {
    expect(Object.keys(VONAGE_DLR_STATUSES).sort()).toEqual(
      ['delivered', 'expired', 'failed', 'rejected', 'accepted', 'buffered', 'unknown'].sort(),
    )
  })

  it('without message-timestamp the arrival time is used; an already parsed body is read', async () => {
    const { 'message-timestamp': _t, ...rest } = fields()
    const events = await sms().webhook.parse(rest, { ...json(rest), body: new Uint8Array() })
    expect(events[0]?.occurredAt).toBe(NOW.toISOString())
  })

  it('a body without messageId → WEBHOOK_UNPROCESSABLE', async () => {
    expect((await errorOf(() => sms().webhook.parse(undefined, json({ status: 'delivered' })))).code).toBe(
      'WEBHOOK_UNPROCESSABLE',
    )
  })
})
