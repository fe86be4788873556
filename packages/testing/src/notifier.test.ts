import { defineNotifier, hmacHeaderVerifier, signHmacHeader, WismoError } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { z } from 'zod'
import { type NotifierFault, testNotifier } from './notifier.ts'

// A small SMS provider, defined with defineNotifier and served by msw: the suite run against it.
const BASE = 'https://sms.test'
const SECRET = 'status-callback-secret-0001'
let fault: NotifierFault | null = null
let lastKey: string | null = null
const FAULTS: Record<NotifierFault, () => Response> = {
  auth: () => HttpResponse.json({ error: 'bad key' }, { status: 401 }),
  rate_limited: () =>
    HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'Retry-After': '120' } }),
  unavailable: () => HttpResponse.json({ error: 'down' }, { status: 503 }),
  rejected: () => HttpResponse.json({ error: 'bad number' }, { status: 400 }),
  opted_out: () => HttpResponse.json({ error: 'opted_out' }, { status: 400 }),
}
const server = setupServer(
  http.post(`${BASE}/messages`, async ({ request }) => {
    if (fault) return FAULTS[fault]()
    lastKey = request.headers.get('idempotency-key')
    const body = (await request.json()) as { to: string }
    return HttpResponse.json({ id: `sms_${body.to.slice(-4)}` })
  }),
)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const verify = hmacHeaderVerifier({ header: 'x-signature', encoding: 'hex' })
const tinySms = defineNotifier({
  id: 'tiny-sms',
  options: z.object({ apiKey: z.string().min(8), baseUrl: z.url().default(BASE) }).strict(),
  secrets: ['apiKey'],
  capabilities: { channels: ['sms'], idempotencyKeys: true, deliveryEvents: true },
  http: (o) => ({ baseUrl: o.baseUrl, retries: 0, headers: { authorization: `Bearer ${o.apiKey}` } }),
  setup: (_o, { http: client }) => ({
    send: async (m) => {
      try {
        const { data } = await client.request<{ id: string }>('/messages', {
          method: 'POST',
          json: { to: m.to, text: m.text },
          headers: { 'idempotency-key': m.idempotencyKey },
        })
        return { providerMessageId: data.id }
      } catch (e) {
        const body = (e as WismoError).details?.body as { error?: string } | undefined
        if (body?.error === 'opted_out')
          throw new WismoError('NOTIFY_OPTED_OUT', 'the recipient opted out', {
            details: { recipient: m.to },
          })
        throw e
      }
    },
    webhook: {
      verify: (request) => verify(request, [SECRET]),
      parse: (body) =>
        (body as { events: { id: string; status: 'delivered' }[] }).events.map((e) => ({
          providerMessageId: e.id,
          status: e.status,
          occurredAt: '2026-03-02T12:00:00Z',
        })),
    },
  }),
})

async function signedStatus() {
  const body = JSON.stringify({ events: [{ id: 'sms_0123', status: 'delivered' }] })
  const headers = await signHmacHeader({ header: 'x-signature', encoding: 'hex' }, { secret: SECRET, body })
  // The raw form the handler verifies (the suite accepts a Request or this form).
  return {
    method: 'POST',
    url: 'https://shop.example/webhooks/tiny-sms',
    headers: new Headers(headers),
    body: new TextEncoder().encode(body),
  }
}

testNotifier({
  name: 'tiny-sms',
  create: () => tinySms({ apiKey: 'key-0001-secret' }),
  message: () => ({
    idempotencyKey: 'msg-1',
    channel: 'sms',
    to: '+14155550123',
    text: 'Your parcel is out for delivery',
  }),
  fault: (kind) => {
    fault = kind
  },
  lastIdempotencyKey: () => lastKey,
  config: {
    factory: (o) => tinySms(o as never),
    invalid: { apiKey: 'short', baseUrl: 'nope', extra: 1 },
    fields: ['apiKey', 'baseUrl', 'extra'],
    secretValues: ['short'],
  },
  webhook: { signedRequest: signedStatus },
})
