/** A Resend `/emails` stand-in for tests, served by msw on a loopback address (never Resend). */
import type { NotifierFault } from '@wismo/testing/notifier'
import { HttpResponse, http } from 'msw'
import { type ResendNotifierOptions, resendNotifier } from '../src/index.ts'

export const BASE = 'http://127.0.0.1:8972'
export const API_KEY = 're_test_0001_abcdefghijklmnop'
/** Standard Webhooks' official vector A secret (standard-webhooks/standard-webhooks, MIT). */
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const error = (statusCode: number, name: string, message: string) =>
  HttpResponse.json({ statusCode, name, message }, { status: statusCode })

const FAULTS: Record<Exclude<NotifierFault, 'opted_out'>, () => Response> = {
  auth: () => error(401, 'restricted_api_key', 'This API key is restricted to only send emails'),
  rate_limited: () =>
    HttpResponse.json(
      {
        statusCode: 429,
        name: 'rate_limit_exceeded',
        message: 'Too many requests. You can only make 2 requests per second.',
      },
      {
        status: 429,
        headers: {
          'retry-after': '1',
          'ratelimit-limit': '2',
          'ratelimit-remaining': '0',
          'ratelimit-reset': '1',
        },
      },
    ),
  unavailable: () => error(500, 'internal_server_error', 'An unexpected error occurred.'),
  rejected: () =>
    error(
      422,
      'validation_error',
      'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    ),
}

/** What the fake received, how it answers, and its idempotency memory (24 h at Resend). */
export const fake = {
  fault: null as NotifierFault | null,
  requests: [] as { headers: Headers; body: Record<string, unknown> }[],
  sent: 0,
  keys: new Map<string, { body: string; id: string }>(),
  lastIdempotencyKey: null as string | null,
  reset() {
    this.fault = null
    this.requests = []
    this.sent = 0
    this.keys.clear()
    this.lastIdempotencyKey = null
  },
}

let counter = 0
const nextId = () => `49a3999c-0ce1-4ea6-ab68-${String(++counter).padStart(12, '0')}`

/** `POST /emails` as Resend documents it, including `Idempotency-Key` replay and conflict. */
export function resendHandlers() {
  return [
    http.post(`${BASE}/emails`, async ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${API_KEY}`)
        return error(403, 'invalid_api_key', 'API key is invalid')
      if (fake.fault && fake.fault !== 'opted_out') return FAULTS[fake.fault]()
      const text = await request.text()
      const body = JSON.parse(text) as Record<string, unknown>
      fake.requests.push({ headers: request.headers, body })
      const key = request.headers.get('idempotency-key')
      fake.lastIdempotencyKey = key
      if (key && key.length > 256)
        return error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.')
      const seen = key ? fake.keys.get(key) : undefined
      if (seen && seen.body !== text)
        return error(
          409,
          'invalid_idempotent_request',
          'Same idempotency key used with a different request payload.',
        )
      if (seen) return HttpResponse.json({ id: seen.id })
      const id = nextId()
      if (key) fake.keys.set(key, { body: text, id })
      fake.sent++
      return HttpResponse.json({ id })
    }),
  ]
}

/** A notifier pointed at the fake, retries off and no pacing, so faults answer at once. */
export function testResend(options: Partial<ResendNotifierOptions> = {}) {
  return resendNotifier({
    apiKey: API_KEY,
    from: 'Shop <orders@shop.example>',
    baseUrl: BASE,
    retries: 0,
    requestsPerSecond: 1000,
    webhookSecrets: [WEBHOOK_SECRET],
    ...options,
  })
}
