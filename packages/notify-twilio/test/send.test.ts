import { isWismoError, type WismoError } from '@wismo/core'
import { HttpResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RATE_LIMIT_RETRY_MS, twilioSms } from '../src/index.ts'
import { errorOf } from './helpers.ts'
import { ACCOUNT_SID, AUTH_TOKEN, FAULTS, TWILIO_FAKE_URL, twilioFake } from './twilio-api.ts'

const { server, state } = twilioFake()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  state.fault = null
  state.once = null
  state.received.length = 0
  state.calls = 0
})
afterAll(() => server.close())

const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: TWILIO_FAKE_URL, retries: 0 }
const message = {
  idempotencyKey: 'n-1',
  channel: 'sms' as const,
  to: '+14155550123',
  text: 'Out for delivery: ça arrive',
}
const last = () => state.received.at(-1) ?? expect.fail('Twilio received nothing')

describe('what Twilio receives', () => {
  it('a form post with To, From, Body and StatusCallback, HTTP Basic with the Account SID', async () => {
    const sms = twilioSms({
      ...base,
      from: '+15005550006',
      statusCallback: 'https://shop.example/wh/twilio?x=1',
    })
    const result = await sms.send(message)
    expect(result).toEqual({ providerMessageId: 'SM00000000000000000000000000000001', segments: 1 })
    const got = last()
    expect(got.contentType).toContain('application/x-www-form-urlencoded')
    expect(Object.fromEntries(got.form)).toEqual({
      To: '+14155550123',
      From: '+15005550006',
      Body: 'Out for delivery: ça arrive',
      StatusCallback: 'https://shop.example/wh/twilio?x=1',
    })
    expect(got.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`)
  })

  it('a Messaging Service instead of From; API key credentials; validity and smart encoding', async () => {
    const sms = twilioSms({
      accountSid: ACCOUNT_SID,
      apiKeySid: 'SKffffffffffffffffffffffffffffffff',
      apiKeySecret: 'api-key-secret-0001',
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      validityPeriodSec: 600,
      smartEncoded: true,
      baseUrl: TWILIO_FAKE_URL,
      retries: 0,
    })
    const result = await sms.send(message)
    // Twilio answers num_segments "0" for Messaging Service sends at create time: unknown.
    expect(result.segments).toBeNull()
    const got = last()
    expect(got.form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef')
    expect(got.form.has('From')).toBe(false)
    expect(got.form.get('ValidityPeriod')).toBe('600')
    expect(got.form.get('SmartEncoded')).toBe('true')
    expect(got.authorization).toBe(
      `Basic ${Buffer.from('SKffffffffffffffffffffffffffffffff:api-key-secret-0001').toString('base64')}`,
    )
  })

  it('reports the segments Twilio counted', async () => {
    const sms = twilioSms({ ...base, from: '+15005550006' })
    expect((await sms.send({ ...message, text: '1'.repeat(161) })).segments).toBe(2)
  })

  it.each(['4155550123', '+04155550123', '0044 20 7946 0000', '+1415555012345678', 'parcel@example.com'])(
    'refuses %s (not E.164) before any call',
    async (to) => {
      const sms = twilioSms({ ...base, from: '+15005550006' })
      const e = (await errorOf(() => sms.send({ ...message, to }))) as WismoError
      expect(e.code).toBe('NOTIFY_REQUEST_REJECTED')
      expect(state.calls).toBe(0)
    },
  )
})

describe('Twilio error codes', () => {
  const sms = () => twilioSms({ ...base, from: '+15005550006' })
  const fail = async () => (await errorOf(() => sms().send(message))) as WismoError

  it('21610 (replied STOP) → NOTIFY_OPTED_OUT naming the recipient', async () => {
    state.fault = 'opted_out'
    const e = await fail()
    expect(e.code).toBe('NOTIFY_OPTED_OUT')
    expect(e.details).toMatchObject({ recipient: '+14155550123', twilioCode: 21610 })
    expect(e.retryable).toBe(false)
  })

  it.each([
    [21211, "The 'To' number 5551234567 is not a valid phone number."],
    [21614, "'To' number is not a valid mobile number"],
    [21608, 'The number is unverified. Trial accounts cannot send messages to unverified numbers'],
  ])('%i → NOTIFY_REQUEST_REJECTED with the code', async (code, text) => {
    state.once = () => HttpResponse.json({ code, message: text, status: 400 }, { status: 400 })
    const e = await fail()
    expect(e.code).toBe('NOTIFY_REQUEST_REJECTED')
    expect(e.details?.twilioCode).toBe(code)
    expect(e.message).toContain(String(code))
  })

  it('20003 → NOTIFY_AUTH_FAILED', async () => {
    state.fault = 'auth'
    const e = await fail()
    expect(e.code).toBe('NOTIFY_AUTH_FAILED')
    expect(e.details?.twilioCode).toBe(20003)
  })

  it('429 / 20429 without Retry-After → NOTIFY_RATE_LIMITED with a default wait', async () => {
    state.fault = 'rate_limited'
    const e = await fail()
    expect(e.code).toBe('NOTIFY_RATE_LIMITED')
    expect(e.retryAfterMs).toBe(RATE_LIMIT_RETRY_MS)
  })

  it('429 with Retry-After keeps Twilio’s wait', async () => {
    state.once = () =>
      HttpResponse.json(
        { code: 20429, message: 'Too Many Requests' },
        { status: 429, headers: { 'Retry-After': '7' } },
      )
    expect((await fail()).retryAfterMs).toBe(7000)
  })

  it('5xx is retried, then NOTIFY_UNAVAILABLE; a later success is one message', async () => {
    state.once = FAULTS.unavailable
    const retrying = twilioSms({ ...base, from: '+15005550006', retries: 1 })
    const result = await retrying.send(message)
    expect(result.providerMessageId).toMatch(/^SM/)
    expect(state.calls).toBe(2)
    state.fault = 'unavailable'
    const e = (await errorOf(() => retrying.send(message))) as WismoError
    expect(e.code).toBe('NOTIFY_UNAVAILABLE')
    expect(e.retryable).toBe(true)
  })

  it('a 201 without sid → NOTIFY_RESPONSE_INVALID', async () => {
    state.once = () => HttpResponse.json({ status: 'queued' }, { status: 201 })
    expect((await fail()).code).toBe('NOTIFY_RESPONSE_INVALID')
  })

  it('errors never carry the auth token', async () => {
    state.fault = 'auth'
    const e = await fail()
    expect(isWismoError(e)).toBe(true)
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain(AUTH_TOKEN)
  })
})

describe('options', () => {
  it('needs exactly one of from / messagingServiceSid, and some credentials', async () => {
    const e1 = (await errorOf(() => twilioSms({ ...base }))) as WismoError
    expect(e1.code).toBe('CONFIG_INVALID')
    expect(e1.message + JSON.stringify(e1.details)).toContain('from')
    const e2 = (await errorOf(() =>
      twilioSms({ accountSid: ACCOUNT_SID, from: '+15005550006' }),
    )) as WismoError
    expect(e2.message + JSON.stringify(e2.details)).toContain('authToken')
  })
})
