/** An AfterShip Tracking API stand-in for tests, served by msw on a loopback address (never AfterShip). */
import { readFileSync } from 'node:fs'
import { HMAC_HEADER_PRESETS, signHmacHeader } from '@wismo/core'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { type AftershipCarrierOptions, aftershipCarrier } from '../src/index.ts'

export const BASE = 'http://127.0.0.1:8998'
export const VERSION = '2026-07'
export const TRACKINGS = `${BASE}/tracking/${VERSION}/trackings`
export const API_KEY = 'asat_test_api_key_0000000000000001'
export const WEBHOOK_SECRET = 'aftership-webhook-secret-0001'

export const NUMBERS = {
  inTransit: '9405511202575421535949',
  delivered: '772899172304',
  returned: 'RR123456785DE',
  /** Not in the account; AfterShip detects its courier when it is created. */
  creatable: '00340434161094042557',
  /** Not in the account; AfterShip cannot detect a courier for it. */
  unknown: 'ZZ000000000ZZ',
} as const

/** A fixture file of `test/fixtures`, parsed. */
export function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
}

const meta = (code: number, message?: string, type?: string) => ({
  code,
  ...(message ? { message } : {}),
  ...(type ? { type } : {}),
})

/** The account as the fake API holds it, and every request it saw. */
export class FakeAftership {
  readonly trackings = new Map<string, Record<string, unknown>>([
    [NUMBERS.inTransit, fixture('tracking-in-transit.json') as Record<string, unknown>],
    [NUMBERS.delivered, fixture('tracking-delivered.json') as Record<string, unknown>],
    [NUMBERS.returned, fixture('tracking-returned.json') as Record<string, unknown>],
  ])
  readonly requests: { method: string; url: URL; body: unknown }[] = []
}

function unauthorized(request: Request) {
  if (request.headers.get('as-api-key') === API_KEY) return null
  return HttpResponse.json({ meta: meta(401, 'Invalid API key.', 'Unauthorized'), data: {} }, { status: 401 })
}

/** `GET /trackings` (filtered by `tracking_numbers` and `slug`) and `POST /trackings`, as documented. */
export function aftershipHandlers(fake = new FakeAftership()) {
  return [
    http.get(TRACKINGS, ({ request }) => {
      const url = new URL(request.url)
      fake.requests.push({ method: 'GET', url, body: null })
      const refused = unauthorized(request)
      if (refused) return refused
      const numbers = (url.searchParams.get('tracking_numbers') ?? '').split(',').filter(Boolean)
      if (numbers.length > 50)
        return HttpResponse.json(
          { meta: meta(4008, 'The value of `tracking_numbers` is invalid.', 'BadRequest') },
          { status: 400 },
        )
      const slug = url.searchParams.get('slug')
      const trackings = numbers
        .map((n) => fake.trackings.get(n))
        .filter((t): t is Record<string, unknown> => t !== undefined && (!slug || t.slug === slug))
      return HttpResponse.json({
        meta: meta(200),
        data: { pagination: { total: trackings.length, next_cursor: null, has_next_page: false }, trackings },
      })
    }),
    http.post(TRACKINGS, async ({ request }) => {
      const body = (await request.json()) as { tracking_number?: string; slug?: string }
      fake.requests.push({ method: 'POST', url: new URL(request.url), body })
      const refused = unauthorized(request)
      if (refused) return refused
      const number = body.tracking_number ?? ''
      if (fake.trackings.has(number))
        return HttpResponse.json(
          { meta: meta(4003, 'Tracking already exists.', 'BadRequest'), data: {} },
          { status: 409 },
        )
      if (number !== NUMBERS.creatable && !body.slug)
        return HttpResponse.json(
          {
            meta: meta(
              4012,
              'Cannot detect courier. Activate courier at https://admin.aftership.com/settings/couriers.',
              'BadRequest',
            ),
            data: {},
          },
          { status: 400 },
        )
      const created = {
        ...(fixture('tracking-created.json') as Record<string, unknown>),
        tracking_number: number,
        ...(body.slug ? { slug: body.slug } : {}),
        ...body,
      }
      fake.trackings.set(number, created)
      return HttpResponse.json({ meta: meta(201), data: created }, { status: 201 })
    }),
  ]
}

/** An AfterShip carrier on the stand-in, with retries off so error tests do not wait. */
export function testAftership(options: Partial<AftershipCarrierOptions> = {}) {
  return aftershipCarrier({
    apiKey: API_KEY,
    webhookSecret: WEBHOOK_SECRET,
    baseUrl: BASE,
    apiVersion: VERSION,
    retries: 0,
    requestsPerSecond: 100,
    ...options,
  })
}

/** A webhook request as AfterShip sends it: the raw JSON body signed in `aftership-hmac-sha256`. */
export async function webhookRequest(
  body: unknown = fixture('webhook-out-for-delivery.json'),
  secret: string | null = WEBHOOK_SECRET,
): Promise<Request> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body)
  const signature = secret ? await signHmacHeader(HMAC_HEADER_PRESETS.aftership, { secret, body: raw }) : {}
  return new Request('https://shop.example/webhooks/aftership', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'as-webhook-version': VERSION, ...signature },
    body: raw,
  })
}
