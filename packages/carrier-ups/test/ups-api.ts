/** A UPS API stand-in for tests, served by msw on a loopback address (never the real UPS). */
import { readFileSync } from 'node:fs'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { type UpsCarrierOptions, upsCarrier } from '../src/index.ts'

export const BASE = 'http://127.0.0.1:8999'
export const CLIENT_ID = 'wismo-test-client-id'
export const CLIENT_SECRET = 'ups-test-client-secret-0001'
export const CREDENTIAL = 'track-alert-credential-0001'
export const ACCESS_TOKEN = 'eyJraWQiOiJ0ZXN0LWtleSIsImFsZyI6IlJTMjU2In0.test-access-token'

export const NUMBERS = {
  inTransit: '1ZW1947X0344851772',
  delivered: '1ZW1947X0394821773',
  multi: '1Z8A2F76YW10020773',
  multiChild: '1Z8A2F76YW10021772',
  unknown: '1ZY3E7290399999778',
} as const

/** A fixture file of `test/fixtures`, parsed. */
export function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
}

const TRACK_FIXTURES: Record<string, string> = {
  [NUMBERS.inTransit]: 'track-in-transit.json',
  [NUMBERS.delivered]: 'track-delivered.json',
  [NUMBERS.multi]: 'track-multi-piece.json',
}

/** Whether a request carries what UPS requires: bearer token, `transId`, `transactionSrc`. */
function missingHeaders(request: Request): string | null {
  if (request.headers.get('authorization') !== `Bearer ${ACCESS_TOKEN}`) return 'authorization'
  const transId = request.headers.get('transId') ?? ''
  if (!/^[A-Za-z0-9]{1,32}$/.test(transId)) return 'transId'
  if (!request.headers.get('transactionSrc')) return 'transactionSrc'
  return null
}

/** Token endpoint and Track API, as UPS documents them. */
export function upsHandlers() {
  return [
    http.post(`${BASE}/security/v1/oauth/token`, async ({ request }) => {
      const basic = `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`
      const form = new URLSearchParams(await request.text())
      if (request.headers.get('authorization') !== basic || form.get('grant_type') !== 'client_credentials')
        return HttpResponse.json(
          { response: { errors: [{ code: '10401', message: 'ClientId is Invalid' }] } },
          { status: 401 },
        )
      return HttpResponse.json(fixture('token.json'))
    }),
    http.get(`${BASE}/api/track/v1/details/:number`, ({ request, params }) => {
      const missing = missingHeaders(request)
      if (missing)
        return HttpResponse.json(
          { response: { errors: [{ code: 'VSS000', message: `missing ${missing}` }] } },
          { status: missing === 'authorization' ? 401 : 400 },
        )
      const file = TRACK_FIXTURES[String(params.number)]
      return file
        ? HttpResponse.json(fixture(file))
        : HttpResponse.json(fixture('track-not-found.json'), { status: 404 })
    }),
  ]
}

/** A UPS carrier on the stand-in, with retries off so error tests do not wait. */
export function testUps(options: Partial<UpsCarrierOptions> = {}, log?: Parameters<typeof upsCarrier>[1]) {
  return upsCarrier(
    {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      baseUrl: BASE,
      retries: 0,
      requestsPerSecond: 100,
      trackAlert: { url: 'https://shop.example/webhooks/ups', credentials: [CREDENTIAL] },
      ...options,
    },
    log,
  )
}

/** A Track Alert callback as UPS sends it (`credential` header, UPS user agent). */
export function trackAlertRequest(
  body: unknown = fixture('track-alert-out-for-delivery.json'),
  credential?: string,
) {
  return new Request('https://shop.example/webhooks/ups', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'UPSPubSubTrackingService',
      ...(credential === undefined ? { credential: CREDENTIAL } : credential ? { credential } : {}),
    },
    body: JSON.stringify(body),
  })
}
