import { testNotifier } from '@wismo/testing/notifier'
import { afterAll, beforeAll } from 'vitest'
import { vonageSms } from '../src/index.ts'
import { vonageSignature } from '../src/signature.ts'
import { API_KEY, API_SECRET, VONAGE_FAKE_URL, vonageFake } from './vonage-api.ts'

const { server, state } = vonageFake()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const SIGNATURE_SECRET = 'vonage-signature-secret-0001'
const CALLBACK = 'https://shop.example/webhooks/vonage-sms'

/** A delivery receipt as Vonage posts it in JSON, with or without the signing fields. */
function receipt(signed: boolean) {
  const fields: Record<string, string> = {
    msisdn: '14155550123',
    to: 'AcmeShop',
    'network-code': '310004',
    messageId: '02000000DA7C52E7',
    price: '0.03330000',
    status: 'delivered',
    scts: '2611291200',
    'err-code': '0',
    'api-key': API_KEY,
    'client-ref': 'notification-1',
    'message-timestamp': '2026-11-29 12:00:30',
  }
  if (signed) {
    fields.timestamp = String(Math.floor(Date.now() / 1000))
    fields.nonce = 'a1b2c3d4-0000-4000-8000-000000000001'
    fields.sig = vonageSignature(fields, SIGNATURE_SECRET, 'sha256')
  }
  return {
    method: 'POST',
    url: CALLBACK,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: new TextEncoder().encode(JSON.stringify(fields)),
  }
}

testNotifier({
  name: 'vonage-sms',
  create: () =>
    vonageSms({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      from: 'AcmeShop',
      callback: CALLBACK,
      signatureSecret: SIGNATURE_SECRET,
      signatureMethod: 'sha256',
      baseUrl: VONAGE_FAKE_URL,
      retries: 0,
    }),
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
    factory: (o) => vonageSms(o as never),
    invalid: { apiKey: 'k', apiSecret: 'sec1', from: '+0', signatureMethod: 'crc32', extra: 1 },
    fields: ['apiKey', 'apiSecret', 'from', 'signatureMethod', 'extra'],
    secretValues: ['sec1'],
  },
  webhook: {
    signedRequest: () => receipt(true),
    // The signature travels in the body (sig), not a header: an unsigned receipt has none of it.
    unsignedRequest: () => receipt(false),
  },
})
