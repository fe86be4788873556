/**
 * A stand-in for EasyPost's API as a fetch handler, `(Request) => Promise<Response>`, so the same
 * fake serves msw (in-process tests) and a real node:http server on loopback (the crash test, where
 * the shop runs in another process). Shapes follow EasyPost's public API reference: shipments
 * with rates, `/buy`, retrieval, trackers, error bodies `{ error: { code, message } }`.
 */
import { HMAC_HEADER_PRESETS, signHmacHeader } from '@wismo/core'

export const API_KEY = 'EZTKexampleshop0000000000000001'
export const WEBHOOK_SECRET = 'example-shop-webhook-secret-0001'

type Json = Record<string, unknown>

/** A label the fake sold: what the shop must end up with, exactly once. */
export interface Purchase {
  shipmentId: string
  rateId: string
  trackingCode: string
  trackerId: string
  labelUrl: string
  /** The fake's clock (`Date.now()`) when the purchase arrived. */
  at: number
}

interface Stored {
  id: string
  body: Json
  rates: Json[]
  purchase: Purchase | null
}

/** The quotes every shipment gets: USPS Ground Advantage is the cheapest. */
const RATES = [
  { carrier: 'USPS', service: 'Priority', rate: '8.15', delivery_days: 2 },
  { carrier: 'USPS', service: 'GroundAdvantage', rate: '5.93', delivery_days: 3 },
  { carrier: 'UPS', service: 'Ground', rate: '9.48', delivery_days: 4 },
]

const error = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message, errors: [] } }, { status })

export interface FakeEasypostOptions {
  /** Runs after a purchase is recorded and before EasyPost answers it. */
  onBuy?: (purchase: Purchase) => Promise<void>
}

export type FakeEasypost = ReturnType<typeof fakeEasypost>

/**
 * @example const fake = fakeEasypost(); await fake.handle(new Request(`${base}/v2/shipments`, …))
 */
export function fakeEasypost(options: FakeEasypostOptions = {}) {
  const shipments = new Map<string, Stored>()
  const purchases: Purchase[] = []
  /** Every request as `METHOD /path`, in arrival order. */
  const requests: string[] = []
  /** When each request arrived (`Date.now()`), same order. */
  const arrivals: number[] = []
  let serial = 0
  const next = (prefix: string) => `${prefix}_${(++serial).toString(16).padStart(24, '0')}`

  const tracker = (p: Purchase, status = 'pre_transit', details: Json[] = []): Json => ({
    id: p.trackerId,
    object: 'Tracker',
    mode: 'test',
    tracking_code: p.trackingCode,
    status,
    status_detail: status === 'pre_transit' ? 'label_created' : 'arrived_at_facility',
    carrier: 'USPS',
    shipment_id: p.shipmentId,
    tracking_details: details,
    carrier_detail: null,
  })

  const shipmentJson = (s: Stored): Json => ({
    id: s.id,
    object: 'Shipment',
    mode: 'test',
    reference: s.body.reference ?? null,
    to_address: s.body.to_address,
    from_address: s.body.from_address,
    parcel: s.body.parcel,
    rates: s.rates,
    messages: [],
    tracking_code: s.purchase?.trackingCode ?? null,
    selected_rate: s.rates.find((r) => r.id === s.purchase?.rateId) ?? null,
    postage_label: s.purchase
      ? { object: 'PostageLabel', label_url: s.purchase.labelUrl, label_file_type: 'application/pdf' }
      : null,
    tracker: s.purchase ? tracker(s.purchase) : null,
  })

  const createShipment = (body: Json): Response => {
    const id = next('shp')
    const rates = RATES.map((r) => ({
      ...r,
      id: next('rate'),
      object: 'Rate',
      currency: 'USD',
      shipment_id: id,
    }))
    const stored = { id, body, rates, purchase: null }
    shipments.set(id, stored)
    return Response.json(shipmentJson(stored), { status: 201 })
  }

  const buy = async (s: Stored, rateId: unknown): Promise<Response> => {
    if (s.purchase) return error(422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.')
    if (!s.rates.some((r) => r.id === rateId)) return error(422, 'SHIPMENT.RATE.INVALID', 'Unknown rate.')
    const purchase: Purchase = {
      shipmentId: s.id,
      rateId: String(rateId),
      trackingCode: `94001000000000${String(purchases.length + 1).padStart(8, '0')}`,
      trackerId: next('trk'),
      labelUrl: `https://easypost-files.example/files/postage_label/${s.id}.pdf`,
      at: Date.now(),
    }
    s.purchase = purchase
    purchases.push(purchase)
    await options.onBuy?.(purchase)
    return Response.json(shipmentJson(s))
  }

  async function route(request: Request, method: string, path: string): Promise<Response> {
    if (request.headers.get('authorization') !== `Basic ${btoa(`${API_KEY}:`)}`)
      return error(401, 'APIKEY.INACTIVE', 'This api key is no longer active.')
    const [, v2, kind, id, action] = path.split('/')
    const stored = id ? shipments.get(id) : undefined
    if (v2 === 'v2' && kind === 'shipments') {
      if (method === 'POST' && !id)
        return createShipment(((await request.json()) as { shipment: Json }).shipment)
      if (method === 'GET' && stored && !action) return Response.json(shipmentJson(stored))
      if (method === 'POST' && stored && action === 'buy')
        return buy(stored, ((await request.json()) as { rate?: { id?: string } }).rate?.id)
    }
    if (v2 === 'v2' && kind === 'trackers' && method === 'GET') {
      const p = purchases.find((x) => x.trackerId === id)
      if (p) return Response.json(tracker(p))
    }
    return error(404, 'NOT_FOUND', 'The requested resource could not be found.')
  }

  return {
    purchases,
    requests,
    arrivals,
    /** How many `POST /v2/shipments/:id/buy` arrived (bought or refused). */
    buyRequests: () => requests.filter((r) => /^POST \/v2\/shipments\/[^/]+\/buy$/.test(r)).length,
    handle(request: Request): Promise<Response> {
      const { pathname } = new URL(request.url)
      requests.push(`${request.method} ${pathname}`)
      arrivals.push(Date.now())
      return route(request, request.method, pathname)
    },
    /** A `tracker.updated` event for a sold label, moved to `in_transit`, as EasyPost posts it. */
    trackerUpdated(p: Purchase): string {
      const scan = (status: string, detail: string, message: string, datetime: string) => ({
        object: 'TrackingDetail',
        status,
        status_detail: detail,
        message,
        datetime,
        source: 'USPS',
        tracking_location: { city: 'SAN FRANCISCO', state: 'CA', zip: '94107', country: 'US' },
      })
      const details = [
        scan('pre_transit', 'label_created', 'Shipping Label Created', '2026-11-30T16:02:00Z'),
        scan(
          'in_transit',
          'arrived_at_facility',
          'Arrived at USPS Regional Facility',
          '2026-11-30T23:41:00Z',
        ),
      ]
      return JSON.stringify({
        object: 'Event',
        id: `evt_${p.trackerId.slice(4)}`,
        mode: 'test',
        description: 'tracker.updated',
        result: tracker(p, 'in_transit', details),
      })
    },
  }
}

/** The headers EasyPost signs a webhook with (`X-Hmac-Signature` over the raw bytes). */
export function signedHeaders(body: string, secret = WEBHOOK_SECRET): Promise<Record<string, string>> {
  return signHmacHeader(HMAC_HEADER_PRESETS.easypost, { secret, body: new TextEncoder().encode(body) })
}
