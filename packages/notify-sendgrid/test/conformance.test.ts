import { testNotifier } from '@wismo/testing/notifier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type SendgridNotifier, sendgridNotifier } from '../src/index.ts'
import { API_KEY, fake, sendgridHandlers, testSendgrid, vectorRequest } from './sendgrid-api.ts'

const server = setupServer(...sendgridHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testNotifier<SendgridNotifier>({
  name: 'sendgrid',
  create: () => testSendgrid(),
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
  config: {
    factory: (o) => sendgridNotifier(o as never),
    invalid: {
      apiKey: 'SG.short',
      from: 'not-an-address',
      baseUrl: 'nope',
      webhookPublicKeys: ['-----BEGIN PUBLIC KEY-----'],
      bogus: 1,
    },
    fields: ['apiKey', 'from', 'baseUrl', 'webhookPublicKeys', 'bogus'],
    secretValues: ['SG.short', API_KEY],
  },
  webhook: { signedRequest: () => vectorRequest() },
  skip: [
    {
      reason:
        'SendGrid accepts a send to a suppressed (unsubscribed) address with 202 and reports it later as a `dropped` event (mapped to opted_out)',
      tests: ['fault-opted-out'],
    },
  ],
})
