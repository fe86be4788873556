/** A SendGrid Mail Send stand-in for tests, served by msw on a loopback address (never SendGrid). */
import type { NotifierFault } from '@wismo/testing/notifier'
import { HttpResponse, http } from 'msw'
import { type SendgridNotifierOptions, sendgridNotifier } from '../src/index.ts'

export const BASE = 'http://127.0.0.1:8971'
export const API_KEY = 'SG.test-key-0001.secret-part-0001'

/** The official single-event vector (sendgrid-nodejs eventwebhook.spec.js), verbatim. */
export const VECTOR = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==',
  signature:
    'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=',
  timestamp: '1600112502',
  payload:
    '[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA","sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492}]\r\n',
} as const

/** What the fake received and how it answers. */
export const fake = {
  fault: null as NotifierFault | null,
  requests: [] as { headers: Headers; body: Record<string, unknown> }[],
  nextId: 1,
  /** When set, the `X-Message-Id` of the next accepted message. */
  nextMessageId: null as string | null,
  /** Seconds until the rate limit resets, sent as `X-RateLimit-Reset` (epoch) on a 429. */
  resetInSec: 42,
  reset() {
    this.fault = null
    this.requests = []
    this.nextMessageId = null
  },
}

const errors = (message: string, field: string | null = null) => ({
  errors: [{ message, field, help: null }],
})

const FAULTS: Record<Exclude<NotifierFault, 'opted_out'>, () => Response> = {
  auth: () => HttpResponse.json(errors('authorization required'), { status: 401 }),
  rate_limited: () =>
    HttpResponse.json(errors('too many requests'), {
      status: 429,
      headers: {
        'X-RateLimit-Limit': '600',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + fake.resetInSec),
      },
    }),
  unavailable: () => HttpResponse.json(errors('internal server error'), { status: 500 }),
  rejected: () =>
    HttpResponse.json(errors('Does not contain a valid address.', 'personalizations.0.to.0.email'), {
      status: 400,
    }),
}

/** `POST /v3/mail/send` as SendGrid documents it: 202, empty body, id in `X-Message-Id`. */
export function sendgridHandlers() {
  return [
    http.post(`${BASE}/v3/mail/send`, async ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${API_KEY}`)
        return HttpResponse.json(errors('The provided authorization grant is invalid, expired, or revoked'), {
          status: 401,
        })
      if (fake.fault && fake.fault !== 'opted_out') return FAULTS[fake.fault]()
      const body = (await request.json()) as Record<string, unknown>
      fake.requests.push({ headers: request.headers, body })
      const id = fake.nextMessageId ?? `W4rLtQ5sS${String(fake.nextId++).padStart(4, '0')}xYz_AbC`
      fake.nextMessageId = null
      return new HttpResponse(null, { status: 202, headers: { 'X-Message-Id': id } })
    }),
  ]
}

/** A notifier pointed at the fake, retries off so faults answer at once. */
export function testSendgrid(options: Partial<SendgridNotifierOptions> = {}) {
  return sendgridNotifier({
    apiKey: API_KEY,
    from: { email: 'orders@shop.example', name: 'Shop' },
    baseUrl: BASE,
    retries: 0,
    webhookPublicKeys: [VECTOR.publicKey],
    ...options,
  })
}

/** The official vector as the request the webhook handler would see. */
export function vectorRequest(overrides: { signature?: string; timestamp?: string; body?: string } = {}) {
  return {
    method: 'POST',
    url: 'https://shop.example/webhooks/sendgrid',
    headers: new Headers({
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-signature': overrides.signature ?? VECTOR.signature,
      'x-twilio-email-event-webhook-timestamp': overrides.timestamp ?? VECTOR.timestamp,
    }),
    body: new TextEncoder().encode(overrides.body ?? VECTOR.payload),
  }
}
