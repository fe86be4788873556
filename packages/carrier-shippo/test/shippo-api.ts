/** A Shippo API stand-in for tests, served by msw on a loopback address (never the real Shippo). */
import { readFileSync } from 'node:fs'
import { signTimestampedHmac } from '@wismo/core'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { type ShippoCarrierOptions, shippoCarrier } from '../src/index.ts'

export const BASE = 'http://127.0.0.1:8997'
export const API_KEY = 'shippo_test_0123456789abcdef0123456789abcdef'
export const URL_TOKEN = 'shippo-url-token-0001-abcdef'
export const HMAC_SECRET = 'shippo-hmac-secret-0001-abcdef'
export const HOOK_URL = `https://shop.example/webhooks/shippo?token=${URL_TOKEN}`

export const NUMBERS = {
  /** USPS, delivered (the python client's recorded answer). */
  delivered: '9205590164917337534322',
  /** UPS, in transit and delayed (our fixture). */
  inTransit: '1Z999AA10123456784',
  /** USPS format, unknown to Shippo (404 page). */
  unknown: '9205590164917312751089',
} as const

/** A fixture file of `test/fixtures`, as text or parsed. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}
export function fixture<T = JsonBodyType>(name: string): T {
  return JSON.parse(fixtureText(name)) as T
}

const TRACKS: Record<string, { token: string; file: string }> = {
  [NUMBERS.delivered]: { token: 'usps', file: 'test_get_status__0_GET_200.json' },
  [NUMBERS.inTransit]: { token: 'ups', file: 'track-ups-transit.json' },
}

const unauthorized = () => HttpResponse.json({ detail: 'Invalid token.' }, { status: 401 })
const authorized = (request: Request) => request.headers.get('authorization') === `ShippoToken ${API_KEY}`

type Transaction = Record<string, unknown> & { object_id: string; rate: string }

/**
 * The fake API's state: shipments quoted and transactions bought (one per parcel, as Shippo
 * makes for a multi-piece shipment), so `recover` can find them again.
 */
export function shippoApi() {
  const shipments = new Map<string, { body: Record<string, unknown>; parcels: number }>()
  const transactions: Transaction[] = []
  const calls: string[] = []
  let seq = 0
  const note = (request: Request) => {
    const url = new URL(request.url)
    calls.push(`${request.method} ${url.pathname}${url.search}`)
  }

  const handlers = [
    http.get(`${BASE}/tracks/:carrier/:number`, ({ request, params }) => {
      note(request)
      if (!authorized(request)) return unauthorized()
      if (!/^[a-z_]+$/.test(String(params.carrier)))
        return HttpResponse.json(fixture('test_invalid_get_status__0_GET_400.json'), { status: 400 })
      const known = TRACKS[String(params.number)]
      if (!known || known.token !== params.carrier)
        return new HttpResponse(fixtureText('test_invalid_get_status__1_GET_404.html'), {
          status: 404,
          headers: { 'content-type': 'text/html' },
        })
      return HttpResponse.json(fixture(known.file))
    }),

    http.post(`${BASE}/tracks/`, async ({ request }) => {
      note(request)
      if (!authorized(request)) return unauthorized()
      const body = (await request.json()) as { carrier?: string; tracking_number?: string; metadata?: string }
      if (body.carrier !== 'usps' && body.carrier !== 'ups')
        return HttpResponse.json(fixture('test_invalid_create__0_POST_400.json'), { status: 400 })
      const known = TRACKS[body.tracking_number ?? '']
      const track = known
        ? fixture<Record<string, unknown>>(known.file)
        : fixture('test_invalid_create__1_POST_201.json')
      return HttpResponse.json(
        {
          ...(track as object),
          carrier: body.carrier,
          tracking_number: body.tracking_number,
          metadata: body.metadata,
        },
        { status: 201 },
      )
    }),

    http.post(`${BASE}/shipments/`, async ({ request }) => {
      note(request)
      if (!authorized(request)) return unauthorized()
      const body = (await request.json()) as {
        address_to: { zip?: string }
        parcels: unknown[]
        async?: boolean
      }
      if (body.async !== false) return HttpResponse.json({ detail: 'expected async: false' }, { status: 400 })
      const refused = body.address_to.zip === '00000'
      const shipment = unique(
        fixture<Record<string, unknown>>(refused ? 'shipment-address-refused.json' : 'shipment-rates.json'),
        ++seq,
      )
      shipments.set(String(shipment.object_id), { body: shipment, parcels: body.parcels.length })
      return HttpResponse.json(shipment, { status: 201 })
    }),

    http.get(`${BASE}/shipments/:id`, ({ request, params }) => {
      note(request)
      if (!authorized(request)) return unauthorized()
      const shipment = shipments.get(String(params.id))
      return shipment
        ? HttpResponse.json(shipment.body)
        : HttpResponse.json({ detail: 'Not found.' }, { status: 404 })
    }),

    http.post(`${BASE}/transactions/`, async ({ request }) => {
      note(request)
      if (!authorized(request)) return unauthorized()
      const body = (await request.json()) as { rate: string; label_file_type: string; metadata?: string }
      const refused = fixture<Transaction>('transaction-address-error.json')
      if (body.rate.startsWith(refused.rate.slice(0, ID_STEM)))
        return HttpResponse.json(refused, { status: 201 })
      const parcels = [...shipments.values()].find((s) =>
        (s.body.rates as { object_id: string }[]).some((r) => r.object_id === body.rate),
      )?.parcels
      if (!parcels) return HttpResponse.json({ rate: ['Rate not found.'] }, { status: 400 })
      const bought = Array.from({ length: parcels }, (_, i) => transactionFor(body, i, ++seq))
      transactions.push(...bought)
      return HttpResponse.json(bought[0], { status: 201 })
    }),

    http.get(`${BASE}/transactions/`, ({ request }) => {
      note(request)
      if (!authorized(request)) return unauthorized()
      const rate = new URL(request.url).searchParams.get('rate')
      const results = transactions.filter((t) => rate === null || t.rate === rate)
      return HttpResponse.json({ next: null, previous: null, results })
    }),
  ]
  return { handlers, calls, transactions }
}

/** Length of a fixture id kept before the fake's sequence number (Shippo ids are 32 hex digits). */
const ID_STEM = 28
const idOf = (id: string, seq: number) => `${id.slice(0, ID_STEM)}${String(seq).padStart(32 - ID_STEM, '0')}`

/** A fixture shipment with ids of its own (each quote is a new Shippo shipment with new rates). */
function unique(shipment: Record<string, unknown>, seq: number): Record<string, unknown> {
  const rates = (shipment.rates as { object_id: string }[]).map((r) => ({
    ...r,
    object_id: idOf(r.object_id, seq),
  }))
  return { ...shipment, object_id: idOf(String(shipment.object_id), seq), rates }
}

function transactionFor(
  body: { rate: string; label_file_type: string; metadata?: string },
  i: number,
  seq: number,
) {
  const base = fixture<Transaction>('transaction-success.json')
  const id = idOf(base.object_id, seq)
  const ext = body.label_file_type === 'ZPLII' ? 'zpl' : body.label_file_type.toLowerCase()
  return {
    ...base,
    object_id: id,
    object_created: `2026-03-01T10:01:0${i}.000Z`,
    rate: body.rate,
    tracking_number: `94055118992231974284${String(90 + i)}`,
    label_url: `https://deliver.goshippo.com/${id}.${ext}`,
    metadata: body.metadata ?? '',
  }
}

/** A Shippo carrier on the stand-in, with retries off so error tests do not wait. */
export function testShippo(options: Partial<ShippoCarrierOptions> = {}) {
  return shippoCarrier({
    apiKey: API_KEY,
    baseUrl: BASE,
    retries: 0,
    requestsPerSecond: 100,
    webhook: { urlTokens: [URL_TOKEN], hmacSecrets: [HMAC_SECRET] },
    ...options,
  })
}

/** A `track_updated` delivery as Shippo posts it: URL token, and the HMAC header unless `signature` is `null`. */
export async function webhookRequest(
  options: { body?: string; url?: string; timestamp?: number; secret?: string; signature?: null } = {},
) {
  const body =
    options.body ??
    JSON.stringify({ event: 'track_updated', test: true, data: fixture('track-ups-transit.json') })
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.signature !== null)
    headers['Shippo-Auth-Signature'] = await signTimestampedHmac({
      secret: options.secret ?? HMAC_SECRET,
      body,
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    })
  return new Request(options.url ?? HOOK_URL, { method: 'POST', headers, body })
}
