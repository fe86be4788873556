import { signStandardWebhook } from '@wismo/core'
import { testNotifier } from '@wismo/testing/notifier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type ResendNotifier, resendNotifier } from '../src/index.ts'
import { API_KEY, fake, resendHandlers, testResend, WEBHOOK_SECRET } from './resend-api.ts'

const server = setupServer(...resendHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

/** A delivered event as Resend posts it, signed now with Svix headers. */
async function signedDelivered() {
  const body = JSON.stringify({
    type: 'email.delivered',
    created_at: '2026-03-02T12:00:01.000Z',
    data: {
      email_id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794',
      created_at: '2026-03-02T12:00:00.123456+00:00',
      from: 'Shop <orders@shop.example>',
      to: ['customer@example.com'],
      subject: 'Your order is on its way',
    },
  })
  const signed = await signStandardWebhook({
    secret: WEBHOOK_SECRET,
    id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    body,
  })
  return {
    method: 'POST',
    url: 'https://shop.example/webhooks/resend',
    headers: new Headers({
      'content-type': 'application/json',
      'svix-id': signed['webhook-id'],
      'svix-timestamp': signed['webhook-timestamp'],
      'svix-signature': signed['webhook-signature'],
    }),
    body: new TextEncoder().encode(body),
  }
}

testNotifier<ResendNotifier>({
  name: 'resend',
  create: () => testResend(),
  message: () => ({
    idempotencyKey: 'notification-0001',
    channel: 'email',
    to: 'customer@example.com',
    subject: 'Your order is on its way',
    text: 'Your parcel 1Z999AA10123456784 is in transit.',
    html: '<p>Your parcel is in transit.</p>',
    tags: { trigger: 'in_transit' },
  }),
  fault: (kind) => {
    fake.fault = kind
  },
  lastIdempotencyKey: () => fake.lastIdempotencyKey,
  config: {
    factory: (o) => resendNotifier(o as never),
    invalid: {
      apiKey: 're_x',
      from: 'nobody',
      baseUrl: 'nope',
      webhookSecrets: ['not a secret!'],
      bogus: 1,
    },
    fields: ['apiKey', 'from', 'baseUrl', 'webhookSecrets', 'bogus'],
    secretValues: ['re_x', API_KEY, 'not a secret!'],
  },
  webhook: { signedRequest: signedDelivered },
  skip: [
    {
      reason:
        'Resend accepts a send to a suppressed address (200) and reports it later as `email.suppressed` (mapped to opted_out / bounced)',
      tests: ['fault-opted-out'],
    },
  ],
})
