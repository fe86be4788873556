/**
 * An EasyPost API stand-in for tests, served by msw on a loopback address (never the real
 * EasyPost). Shapes follow EasyPost's public API reference; tracker bodies are EasyPost's own
 * examples (test/fixtures/examples, MIT) or written by us after them (test/fixtures/*.json).
 */
import { readFileSync } from 'node:fs'
import { signHmacHeader } from '@wismo/core'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import { type EasypostCarrierOptions, easypostCarrier } from '../src/index.ts'

export const BASE = 'http://127.0.0.1:8998'
export const API_KEY = 'EZTKtestkey0000000000000000000001'
export const WEBHOOK_SECRET = 'easypost-webhook-secret-0001'

export const NUMBERS = {
  preTransit: 'EZ1000000001',
  inTransit: 'EZ2000000002',
  delivered: 'EZ4000000004',
  unknown: 'EZ0000000000',
} as const

/** The incorrect address of EasyPost's client-library fixtures: EasyPost cannot verify it. */
export const BAD_STREET = '000 unknown street'

/** A fixture file of `test/fixtures`, parsed. */
export function fixture(name: string): JsonBodyType {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))
}

/** The exact bytes of a fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
}

type Json = Record<string, unknown>

function trackerFor(code: string): Json {
  switch (code) {
    case NUMBERS.preTransit:
      return fixture('examples/docs__responses__trackers__trackers-create.json') as Json
    case NUMBERS.inTransit:
      return fixture('tracker-in-transit.json') as Json
    case NUMBERS.delivered:
      return (fixture('examples/landing_pages__tracking_webhooks__tracking_webhook_response.json') as Json)
        .result as Json
    default:
      return {
        id: `trk_${code.toLowerCase().padEnd(32, '0').slice(0, 32)}`,
        object: 'Tracker',
        mode: 'test',
        tracking_code: code,
        status: 'unknown',
        status_detail: 'unknown',
        tracking_details: [],
        carrier_detail: null,
      }
  }
}

const error = (status: number, code: string, message: string, errors: unknown[] = []) =>
  HttpResponse.json({ error: { code, message, errors } }, { status })

interface StoredShipment {
  id: string
  body: Json
  rates: Json[]
  bought: Json | null
}

/** What the fake API saw and keeps: trackers asked for, shipments and orders with their state. */
export interface FakeState {
  trackerRequests: Json[]
  trackerLookups: string[]
  shipments: Map<string, StoredShipment>
  orders: Map<string, { id: string; shipments: string[] }>
}

/** Trackers, shipments (quote, buy, retrieve) and orders, as EasyPost documents them. */
export function easypostHandlers(state: FakeState = newState()) {
  let serial = 0
  const next = (prefix: string) => `${prefix}_${(++serial).toString(16).padStart(32, '0')}`
  const authorized = (request: Request) =>
    request.headers.get('authorization') === `Basic ${btoa(`${API_KEY}:`)}`
  const unauthorized = () => error(401, 'APIKEY.INACTIVE', 'This api key is no longer active.')

  const createShipment = (body: Json, labelFormat: string): StoredShipment | Response => {
    const to = (body.to_address ?? {}) as Json
    if (to.street1 === BAD_STREET)
      return error(422, 'ADDRESS.VERIFY.FAILURE', 'Address not found', [
        { field: 'address', message: 'Address not found', suggestion: null },
        { field: 'street1', message: 'House number is missing', suggestion: null },
      ])
    const id = next('shp')
    const rates = (fixture('rates.json') as Json[]).map((r) => ({ ...r, shipment_id: id }))
    const stored = { id, body: { ...body, label_format: labelFormat }, rates, bought: null }
    state.shipments.set(id, stored)
    return stored
  }

  const buy = (s: StoredShipment, rate: Json) => {
    const format = String(s.body.label_format ?? 'PNG')
    const type = { PDF: 'application/pdf', PNG: 'image/png', ZPL: 'application/zpl' }[format] ?? 'image/png'
    const code = `9400100000000000${String(++serial).padStart(6, '0')}`
    s.bought = {
      tracking_code: code,
      selected_rate: rate,
      postage_label: {
        object: 'PostageLabel',
        label_url: `https://easypost-files.example/files/postage_label/${s.id}.${format.toLowerCase()}`,
        label_file_type: type,
        label_size: '4x6',
      },
      tracker: {
        ...(fixture('tracker-in-transit.json') as Json),
        id: next('trk'),
        tracking_code: code,
        status: 'pre_transit',
        status_detail: 'label_created',
        tracking_details: [],
        est_delivery_date: '2026-03-06T00:00:00Z',
      },
    }
  }

  const shipmentJson = (s: StoredShipment): Json => ({
    id: s.id,
    object: 'Shipment',
    mode: 'test',
    reference: s.body.reference ?? null,
    to_address: s.body.to_address,
    from_address: s.body.from_address,
    parcel: s.body.parcel,
    options: s.body.options,
    rates: s.rates,
    messages: [],
    tracking_code: null,
    postage_label: null,
    selected_rate: null,
    tracker: null,
    ...(s.bought ?? {}),
  })

  const orderJson = (o: { id: string; shipments: string[] }): Json => {
    const shipments = o.shipments.flatMap((id) => {
      const s = state.shipments.get(id)
      return s ? [shipmentJson(s)] : []
    })
    const first = shipments[0]?.rates as Json[] | undefined
    // Order rates: one per carrier and service, priced for every parcel together.
    const rates = (first ?? []).map((r) => ({ ...r, rate: (Number(r.rate) * shipments.length).toFixed(2) }))
    return { id: o.id, object: 'Order', mode: 'test', rates, shipments, messages: [] }
  }

  return [
    http.post(`${BASE}/v2/trackers`, async ({ request }) => {
      if (!authorized(request)) return unauthorized()
      const body = (await request.json()) as { tracker?: Json }
      const code = body.tracker?.tracking_code
      if (typeof code !== 'string' || code === '')
        return error(422, 'TRACKER.CREATE.ERROR', 'Tracking code must be provided.')
      state.trackerRequests.push(body.tracker as Json)
      return HttpResponse.json(trackerFor(code), { status: 201 })
    }),
    http.get(`${BASE}/v2/trackers/:id`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      state.trackerLookups.push(String(params.id))
      const known = [NUMBERS.preTransit, NUMBERS.inTransit, NUMBERS.delivered].map(trackerFor)
      const tracker = known.find((t) => t.id === params.id)
      return tracker
        ? HttpResponse.json(tracker)
        : error(404, 'NOT_FOUND', 'The requested resource could not be found.')
    }),
    http.post(`${BASE}/v2/shipments`, async ({ request }) => {
      if (!authorized(request)) return unauthorized()
      const body = ((await request.json()) as { shipment: Json }).shipment
      const format = String((body.options as Json | undefined)?.label_format ?? 'PNG')
      const created = createShipment(body, format)
      return created instanceof Response ? created : HttpResponse.json(shipmentJson(created), { status: 201 })
    }),
    http.get(`${BASE}/v2/shipments/:id`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      const s = state.shipments.get(String(params.id))
      return s
        ? HttpResponse.json(shipmentJson(s))
        : error(404, 'NOT_FOUND', 'The requested resource could not be found.')
    }),
    http.post(`${BASE}/v2/shipments/:id/buy`, async ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      const s = state.shipments.get(String(params.id))
      if (!s) return error(404, 'NOT_FOUND', 'The requested resource could not be found.')
      if (s.bought) return error(422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.')
      const rateId = ((await request.json()) as { rate?: { id?: string } }).rate?.id
      const rate = s.rates.find((r) => r.id === rateId)
      if (!rate) return error(422, 'SHIPMENT.RATE.INVALID', 'The rate is not a rate of this shipment.')
      buy(s, rate)
      return HttpResponse.json(shipmentJson(s))
    }),
    http.post(`${BASE}/v2/orders`, async ({ request }) => {
      if (!authorized(request)) return unauthorized()
      const body = ((await request.json()) as { order: Json }).order
      const format = String((body.options as Json | undefined)?.label_format ?? 'PNG')
      const ids: string[] = []
      for (const part of body.shipments as Json[]) {
        const created = createShipment({ ...body, shipments: undefined, ...part }, format)
        if (created instanceof Response) return created
        ids.push(created.id)
      }
      const order = { id: next('order'), shipments: ids }
      state.orders.set(order.id, order)
      return HttpResponse.json(orderJson(order), { status: 201 })
    }),
    http.get(`${BASE}/v2/orders/:id`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      const o = state.orders.get(String(params.id))
      return o
        ? HttpResponse.json(orderJson(o))
        : error(404, 'NOT_FOUND', 'The requested resource could not be found.')
    }),
    http.post(`${BASE}/v2/orders/:id/buy`, async ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      const o = state.orders.get(String(params.id))
      if (!o) return error(404, 'NOT_FOUND', 'The requested resource could not be found.')
      const { carrier, service } = (await request.json()) as { carrier?: string; service?: string }
      const shipments = o.shipments.flatMap((id) => state.shipments.get(id) ?? [])
      if (shipments.some((s) => s.bought))
        return error(422, 'ORDER.POSTAGE.EXISTS', 'Postage already exists for this order.')
      for (const s of shipments) {
        const rate = s.rates.find((r) => r.carrier === carrier && r.service === service)
        if (!rate) return error(422, 'ORDER.BUY.FAILURE', `No rate for ${carrier} ${service}.`)
        buy(s, rate)
      }
      return HttpResponse.json(orderJson(o))
    }),
  ]
}

export function newState(): FakeState {
  return { trackerRequests: [], trackerLookups: [], shipments: new Map(), orders: new Map() }
}

/** An EasyPost carrier on the stand-in, with retries off so error tests do not wait. */
export function testEasypost(options: Partial<EasypostCarrierOptions> = {}) {
  return easypostCarrier({
    apiKey: API_KEY,
    baseUrl: BASE,
    webhookSecret: WEBHOOK_SECRET,
    retries: 0,
    requestsPerSecond: 100,
    ...options,
  })
}

/** EasyPost's example `tracker.updated` event (tracking code `1`), exactly as its bytes are signed. */
export function eventBody(): Uint8Array {
  const bytes = fixtureBytes('examples/event-body.json')
  // The file ends with a newline its signature does not cover (see webhook_hmac_test_vector.json).
  return bytes.at(-1) === 0x0a ? bytes.slice(0, -1) : bytes
}

/** A webhook POST as EasyPost sends it, signed with `secret` (none: unsigned). */
export async function webhookRequest(
  body: Uint8Array | string = eventBody(),
  secret: string | null = WEBHOOK_SECRET,
): Promise<Request> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  const signature = secret
    ? await signHmacHeader(
        { header: 'X-Hmac-Signature', encoding: 'hex', prefix: 'hmac-sha256-hex=', normalizeSecret: 'NFKD' },
        { secret, body: bytes },
      )
    : {}
  return new Request('https://shop.example/webhooks/easypost', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'EasyPost WebHook Agent 1.0', ...signature },
    body: new Blob([new Uint8Array(bytes)]),
  })
}
