import {
  normalizeTrackingNumber,
  parseCarrierTime,
  TrackingNumberSchema,
  type TrackingUpdate,
  WismoError,
  wismoCarrierId,
} from '@wismo/core'
import { carrierName } from './carrier-tokens.ts'
import {
  type ShippoLocation,
  type ShippoTrack,
  type ShippoTrackingStatus,
  ShippoTrackSchema,
} from './schema.ts'
import { type ShippoMapStatus, shippoRawCode } from './status-map.ts'
import { trackEstimates } from './time.ts'

type Event = TrackingUpdate['events'][number]
type Location = NonNullable<Event['location']>

/** Most characters of a vendor body kept in an error's `details`. */
export const MAX_BODY_IN_ERROR = 4096

/** A Shippo location as Wismo's (state → region, zip → postal code); `undefined` when empty. */
export function shippoLocation(l: ShippoLocation | null | undefined): Location | undefined {
  const loc: Location = {}
  const city = l?.city?.trim()
  const region = l?.state?.trim()
  const postalCode = l?.zip?.trim()
  const country = l?.country?.trim().toUpperCase()
  if (city) loc.city = city
  if (region) loc.region = region
  if (postalCode) loc.postalCode = postalCode
  if (country && /^[A-Z]{2,3}$/.test(country)) loc.country = country
  return Object.keys(loc).length > 0 ? loc : undefined
}

/** One Shippo status entry as a Wismo event, or `null` when it carries no readable time. */
export function statusEvent(s: ShippoTrackingStatus, map: ShippoMapStatus): Event | null {
  const occurredAt = [s.status_date, s.object_created].find((t) => t && parseCarrierTime(t.trim()))?.trim()
  if (!occurredAt) return null
  const substatus = s.substatus?.code ?? null
  const mapped = map(s.status, substatus)
  const location = shippoLocation(s.location)
  return {
    status: mapped.status,
    subStatus: mapped.subStatus,
    rawCode: shippoRawCode(s.status, substatus),
    rawText: (s.status_details ?? s.substatus?.text ?? '').slice(0, 2000),
    occurredAt,
    ...(location ? { location } : {}),
    ...(s.object_id ? { providerEventId: s.object_id } : {}),
  }
}

/**
 * The events of a track: its history, plus the current `tracking_status` when the history does
 * not already hold it (same object id, or same status at the same time).
 */
function trackEvents(track: ShippoTrack, map: ShippoMapStatus): Event[] {
  const history = track.tracking_history ?? []
  const current = track.tracking_status
  const known = (s: ShippoTrackingStatus) =>
    history.some(
      (h) =>
        (s.object_id && h.object_id === s.object_id) ||
        (h.status === s.status && h.status_date === s.status_date),
    )
  const all = current && !known(current) ? [...history, current] : history
  return all.flatMap((s) => statusEvent(s, map) ?? [])
}

/** `servicelevel.name` with the carrier's name in front (`USPS Priority Mail`). */
function serviceOf(track: ShippoTrack): string | undefined {
  const name = track.servicelevel?.name?.trim()
  const carrier = carrierName(track.carrier)
  if (!name) return undefined
  return name.toLowerCase().startsWith(carrier.toLowerCase()) ? name : `${carrier} ${name}`
}

/**
 * A Shippo Track as a Wismo tracking update (`carrier: 'shippo'`), or `null` when Shippo has
 * nothing for the number yet (no status, no history). `carrierShipmentId` is the Shippo
 * transaction when the label was bought through Shippo (what `labels.buy` answers too).
 */
export function trackUpdate(
  track: ShippoTrack,
  map: ShippoMapStatus,
  source: 'poll' | 'webhook',
): TrackingUpdate | null {
  const events = trackEvents(track, map)
  const estimates = trackEstimates(track.eta, track.original_eta)
  if (events.length === 0 && !track.tracking_status) return null
  const number = TrackingNumberSchema.safeParse(track.tracking_number)
  if (!number.success) throw invalid('Shippo sent an unusable tracking number', track.tracking_number)
  const service = serviceOf(track)
  const origin = shippoLocation(track.address_from)
  const destination = shippoLocation(track.address_to)
  return {
    carrier: 'shippo',
    trackingNumber: normalizeTrackingNumber(number.data),
    ...(track.transaction && track.transaction.length <= 200 ? { carrierShipmentId: track.transaction } : {}),
    ...(wismoCarrierId(track.carrier) ? { trackingCarrier: wismoCarrierId(track.carrier) } : {}),
    source,
    events,
    ...(service ? { service } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

/** A Track body, or `CARRIER_RESPONSE_INVALID` with the body (truncated) in `details.body`. */
export function readTrack(body: unknown): ShippoTrack {
  const parsed = ShippoTrackSchema.safeParse(body)
  if (!parsed.success) throw invalid('Shippo answered in an unexpected shape', body, parsed.error)
  return parsed.data
}

/** `CARRIER_RESPONSE_INVALID` keeping the start of the vendor body for debugging. */
export function invalid(message: string, body: unknown, cause?: unknown): WismoError {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))
  const truncated = text.length > MAX_BODY_IN_ERROR
  return new WismoError('CARRIER_RESPONSE_INVALID', message, {
    ...(cause ? { cause } : {}),
    details: { body: truncated ? `${text.slice(0, MAX_BODY_IN_ERROR)}…` : text, truncated },
  })
}
