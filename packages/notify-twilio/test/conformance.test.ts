import { testNotifier } from '@wismo/testing/notifier'
import { afterAll, beforeAll } from 'vitest'
import { twilioSms } from '../src/index.ts'
import { twilioSignature } from '../src/signature.ts'
import { ACCOUNT_SID, AUTH_TOKEN, TWILIO_FAKE_URL, twilioFake } from './twilio-api.ts'

const { server, state } = twilioFake()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const CALLBACK = 'https://shop.example/webhooks/twilio-sms?shop=1'
const options = {
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  from: '+15005550006',
  statusCallback: CALLBACK,
  baseUrl: TWILIO_FAKE_URL,
  retries: 0,
}

function statusCallback() {
  const params = {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    From: '+15005550006',
    MessageSid: 'SM00000000000000000000000000000001',
    MessageStatus: 'delivered',
    SmsSid: 'SM00000000000000000000000000000001',
    SmsStatus: 'delivered',
    To: '+14155550123',
  }
  return {
    method: 'POST',
    url: CALLBACK,
    headers: new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(AUTH_TOKEN, CALLBACK, params),
    }),
    body: new TextEncoder().encode(new URLSearchParams(params).toString()),
  }
}

testNotifier({
  name: 'twilio-sms',
  create: () => twilioSms(options),
  message: () => ({
    idempotencyKey: 'notification-1',
    channel: 'sms',
    to: '+14155550123',
    text: 'Your parcel is out for delivery',
  }),
  fault: (kind) => {
    state.fault = kind
  },
  config: {
    factory: (o) => twilioSms(o as never),
    invalid: {
      accountSid: 'nope',
      authToken: 'short-secret',
      from: '+1',
      statusCallback: 'ftp://x',
      extra: 1,
    },
    fields: ['accountSid', 'authToken', 'statusCallback', 'extra'],
    secretValues: ['short-secret'],
  },
  webhook: { signedRequest: statusCallback },
})
