import { testNotifier } from '@wismo/testing/notifier'
import { afterAll, beforeAll } from 'vitest'
import { smtpNotifier } from '../src/index.ts'
import { type FakeSmtp, PASS, startSmtpServer, USER } from './smtp-server.ts'

let server: FakeSmtp
beforeAll(async () => {
  server = await startSmtpServer()
})
afterAll(() => server.close())

testNotifier({
  name: 'smtp',
  create: () =>
    smtpNotifier({
      host: '127.0.0.1',
      port: server.port,
      requireTLS: false, // loopback test server without TLS
      auth: { user: USER, pass: PASS },
      from: 'Shop <orders@shop.example>',
    }),
  message: () => ({
    idempotencyKey: 'order-1001:out_for_delivery',
    channel: 'email',
    to: 'ana@example.com',
    subject: 'Your parcel is out for delivery',
    text: 'Your parcel is out for delivery today.',
    html: '<p>Your parcel is out for delivery today.</p>',
    tags: { shipmentId: 'shp_1', trigger: 'out_for_delivery' },
  }),
  fault: (kind) => server.fault(kind),
  config: {
    factory: (o) => smtpNotifier(o as never),
    invalid: {
      host: '',
      port: 0,
      auth: { user: USER, pass: 7 },
      from: 'nobody',
      socketTimeoutMs: 0,
      extra: 1,
    },
    fields: ['host', 'port', 'auth', 'from', 'socketTimeoutMs', 'extra'],
    secretValues: [USER],
  },
  skip: [
    {
      reason:
        'SMTP has no rate-limit answer with a retry time: servers throttle with ordinary 4xx replies (421/450/451), which map to a retryable NOTIFY_UNAVAILABLE (tested in test/errors.test.ts)',
      tests: ['fault-rate-limited'],
    },
    {
      reason:
        'SMTP has no opt-out answer; opting out of e-mail is a preference the host records (List-Unsubscribe), not a reply the server gives',
      tests: ['fault-opted-out'],
    },
  ],
})
