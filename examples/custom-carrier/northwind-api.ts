/**
 * A stand-in for Northwind Parcel's API, for tests: msw handlers on a loopback base URL (never
 * the real service), parcels shaped like Northwind's payloads, and signed webhook deliveries.
 */
import { signTimestampedHmac } from '@wismo/core'
import { HttpResponse, http } from 'msw'
import { NORTHWIND_SIGNATURE_HEADER, type NorthwindCarrierOptions, northwindCarrier } from './carrier.ts'
import type { NorthwindParcelInput } from './schema.ts'

export const BASE = 'http://127.0.0.1:8997'
export const API_KEY = 'nw_test_4f9Kq2Lm8Zr1Tx6B'
export const WEBHOOK_SECRET = 'nw-whsec-9c1e7a3f5b2d8e40'
export const PREVIOUS_WEBHOOK_SECRET = 'nw-whsec-0a6d2f8c4e1b9735'

/** Numbers the stand-in knows, and a well-formed one it does not. */
export const NUMBERS = {
  inTransit: 'NWP4820193744',
  delivered: 'NWP4820193751',
  weather: 'NWP4820193768',
  unknown: 'NWP9999999999',
} as const

const depot = (name: string, town: string, postcode: string) => ({ name, town, postcode, country: 'GB' })
const LEEDS = depot('Leeds DC', 'Leeds', 'LS9 0PS')
const YORK = depot('York Depot', 'York', 'YO30 4XB')

export const PARCELS: Record<string, NorthwindParcelInput> = {
  [NUMBERS.inTransit]: {
    parcel_ref: 'npr_7Q2M8K',
    parcel_no: NUMBERS.inTransit,
    service: 'NEXT_DAY',
    promised_date: '2026-03-03',
    checkpoints: [
      {
        seq: 1,
        state: 'MAN',
        reason: null,
        note: 'Parcel manifested by sender',
        recorded_at: '2026-03-02T08:12:00+00:00',
        depot: null,
      },
      {
        seq: 2,
        state: 'COL',
        reason: null,
        note: 'Collected from sender',
        recorded_at: '2026-03-02T15:40:00+00:00',
        depot: LEEDS,
      },
      {
        seq: 3,
        state: 'HUB',
        reason: null,
        note: 'Arrived at York Depot',
        recorded_at: '2026-03-02T22:05:00+00:00',
        depot: YORK,
      },
    ],
  },
  [NUMBERS.delivered]: {
    parcel_ref: 'npr_3JX0PD',
    parcel_no: NUMBERS.delivered,
    service: 'ECONOMY',
    promised_date: null,
    checkpoints: [
      {
        seq: 1,
        state: 'MAN',
        reason: null,
        note: 'Parcel manifested by sender',
        recorded_at: '2026-02-26T09:00:00+00:00',
        depot: null,
      },
      {
        seq: 2,
        state: 'COL',
        reason: null,
        note: 'Collected from sender',
        recorded_at: '2026-02-26T16:20:00+00:00',
        depot: LEEDS,
      },
      {
        seq: 3,
        state: 'OFD',
        reason: null,
        note: 'Out with driver',
        recorded_at: '2026-02-27T07:45:00+00:00',
        depot: YORK,
      },
      {
        seq: 4,
        state: 'ATT',
        reason: 'NH',
        note: 'Nobody home, card left',
        recorded_at: '2026-02-27T13:10:00+00:00',
        depot: YORK,
      },
      {
        seq: 5,
        state: 'OFD',
        reason: null,
        note: 'Out with driver',
        recorded_at: '2026-02-28T07:50:00+00:00',
        depot: YORK,
      },
      {
        seq: 6,
        state: 'DEL',
        reason: 'SP',
        note: 'Left in safe place: porch',
        recorded_at: '2026-02-28T11:32:00+00:00',
        depot: YORK,
      },
    ],
  },
  [NUMBERS.weather]: {
    parcel_ref: 'npr_Z81C4W',
    parcel_no: NUMBERS.weather,
    service: 'PARCEL_SHOP',
    checkpoints: [
      {
        seq: 1,
        state: 'COL',
        note: 'Collected from sender',
        recorded_at: '2026-03-01T10:00:00+00:00',
        depot: LEEDS,
      },
      {
        seq: 2,
        state: 'EXC',
        reason: 'WX',
        note: 'Delayed: snow on the A64',
        recorded_at: '2026-03-01T18:30:00+00:00',
      },
      // A state Northwind added after this adapter was written.
      { seq: 3, state: 'XDK', note: 'Cross-docked at partner hub', recorded_at: '2026-03-02T06:00:00+00:00' },
    ],
  },
}

/** `POST /tracking/v2/lookup`, as Northwind documents it: `X-Api-Key`, at most 20 numbers. */
export function northwindHandlers() {
  return [
    http.post(`${BASE}/tracking/v2/lookup`, async ({ request }) => {
      if (request.headers.get('x-api-key') !== API_KEY)
        return HttpResponse.json({ error: 'invalid_api_key' }, { status: 401 })
      const body = (await request.json()) as { parcels?: unknown }
      const asked = Array.isArray(body.parcels) ? body.parcels.map(String) : []
      if (asked.length === 0 || asked.length > 20)
        return HttpResponse.json({ error: 'parcels must hold 1 to 20 numbers' }, { status: 400 })
      return HttpResponse.json({
        found: asked.flatMap((n) => (PARCELS[n] ? [PARCELS[n]] : [])),
        missing: asked.filter((n) => !PARCELS[n]),
      })
    }),
  ]
}

/** A Northwind carrier on the stand-in. */
export function testNorthwind(options: Partial<NorthwindCarrierOptions> = {}) {
  return northwindCarrier({
    apiKey: API_KEY,
    webhookSecrets: [WEBHOOK_SECRET, PREVIOUS_WEBHOOK_SECRET],
    baseUrl: BASE,
    ...options,
  })
}

let deliveries = 0

/** A `parcel.updated` delivery as Northwind sends it, signed with `secret` at `timestamp`. */
export async function signedDelivery(
  parcel: NorthwindParcelInput,
  { secret = WEBHOOK_SECRET, timestamp = new Date() }: { secret?: string; timestamp?: Date } = {},
): Promise<Request> {
  const body = JSON.stringify({ event: 'parcel.updated', delivery_id: `whd_${++deliveries}`, parcel })
  const signature = await signTimestampedHmac({ secret, body, timestamp })
  return new Request('https://shop.example/webhooks/northwind', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [NORTHWIND_SIGNATURE_HEADER]: signature },
    body,
  })
}
