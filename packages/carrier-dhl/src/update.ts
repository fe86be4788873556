import {
  MAX_PIECES,
  type MappedStatus,
  normalizeTrackingNumber,
  type Status,
  type TrackingUpdate,
} from '@wismo/core'
import type { DhlEvent, DhlPlace, DhlShipment } from './schema.ts'
import { textKey } from './status-map.ts'
import { estimateDay } from './time.ts'

type TrackingEvent = TrackingUpdate['events'][number]
type Estimate = NonNullable<TrackingUpdate['estimates']>[number]
type Location = NonNullable<TrackingEvent['location']>

/** The status table lookup, as `statusMapper` returns it. */
export type MapStatus = (code: string, subCode?: string | null, fallback?: Status) => MappedStatus

/** Most events one update may carry (TrackingUpdateSchema). */
const MAX_EVENTS = 1000

/** A DHL place as a Wismo location; `undefined` when it says nothing. */
export function toLocation(place: DhlPlace | undefined): Location | undefined {
  const a = place?.address
  const location: Location = {
    ...(a?.addressLocality ? { city: a.addressLocality.slice(0, 500) } : {}),
    ...(a?.addressRegion ? { region: a.addressRegion.slice(0, 500) } : {}),
    ...(a?.postalCode ? { postalCode: a.postalCode.slice(0, 40) } : {}),
    // Some units write names ("UK") where ISO codes belong; anything longer is not a code.
    ...(a?.countryCode && a.countryCode.length <= 3 ? { country: a.countryCode } : {}),
    ...(place?.servicePoint?.label ? { text: place.servicePoint.label.slice(0, 500) } : {}),
  }
  return Object.keys(location).length > 0 ? location : undefined
}

/** One DHL event as a Wismo scan (without its piece). */
export function toEvent(e: DhlEvent, map: MapStatus): TrackingEvent {
  const mapped = map(e.statusCode, textKey(e.status, e.statusDetailed, e.description))
  const location = toLocation(e.location)
  return {
    status: mapped.status,
    subStatus: mapped.subStatus,
    rawCode: e.statusCode.slice(0, 200),
    rawText: (e.description || e.status || e.statusDetailed || e.statusCode).slice(0, 2000),
    occurredAt: e.timestamp,
    ...(location ? { location } : {}),
  }
}

/**
 * The scans of a shipment. DHL repeats the newest event as `status`; it is used only when the
 * shipment lists no events. A proof of delivery with a time, when no event says delivered, is
 * added as a `proof-of-delivery` scan: DHL keeps the acknowledgement even where its event list
 * stops short (and its published sample pairs a POD with a stale `pre-transit` code).
 */
export function toEvents(s: DhlShipment, asked: string, map: MapStatus): TrackingEvent[] {
  const source = s.events.length > 0 ? s.events : s.status ? [s.status] : []
  const whole = new Set((s.details?.pieceIds ?? []).map(normalizeTrackingNumber))
  const askedPiece = whole.has(asked) && normalizeTrackingNumber(s.id) !== asked
  const events = source.flatMap((e) => withPieces(e, toEvent(e, map), whole, askedPiece ? asked : null))
  const pod = s.details?.proofOfDelivery?.timestamp
  if (pod && !events.some((e) => e.rawCode === 'delivered')) {
    const mapped = map('proof-of-delivery')
    events.push({
      status: mapped.status,
      subStatus: mapped.subStatus,
      rawCode: 'proof-of-delivery',
      rawText: 'Proof of delivery recorded',
      occurredAt: pod,
    })
  }
  return events.length > MAX_EVENTS ? newest(events, MAX_EVENTS) : events
}

/**
 * An event naming some of the shipment's pieces becomes one scan per piece; one naming every
 * piece, or none, is about the whole shipment. When the host tracks a piece id, only the scans of
 * that piece or of the whole shipment are kept, and they are about the tracked parcel itself.
 */
function withPieces(
  e: DhlEvent,
  scan: TrackingEvent,
  whole: ReadonlySet<string>,
  trackedPiece: string | null,
): TrackingEvent[] {
  const named = [...new Set((e.pieceIds ?? []).map(normalizeTrackingNumber))].filter((p) =>
    /^[A-Z0-9]{1,60}$/.test(p),
  )
  const aboutAll = named.length === 0 || (whole.size > 0 && [...whole].every((p) => named.includes(p)))
  if (trackedPiece) return aboutAll || named.includes(trackedPiece) ? [scan] : []
  if (aboutAll) return [scan]
  return named.map((piece) => ({ ...scan, piece }))
}

function newest(events: TrackingEvent[], count: number): TrackingEvent[] {
  return [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1)).slice(0, count)
}

/** `details.pieceIds` as Wismo pieces; none for a single parcel or when a piece id is tracked. */
export function toPieces(s: DhlShipment, asked: string): string[] | undefined {
  const ids = [...new Set((s.details?.pieceIds ?? []).map(normalizeTrackingNumber))].filter((p) =>
    /^[A-Z0-9]{1,60}$/.test(p),
  )
  const trackingPiece = ids.includes(asked) && normalizeTrackingNumber(s.id) !== asked
  // One piece is a single parcel; past MAX_PIECES Wismo cannot keep them all, so none are claimed.
  if (trackingPiece || ids.length < 2 || ids.length > MAX_PIECES) return undefined
  return ids
}

/**
 * DHL's delivery estimates: `estimatedTimeOfDelivery` as the scheduled day, and
 * `estimatedDeliveryTimeFrame` as a window (its day: the estimated time's, else the window's start).
 */
export function toEstimates(s: DhlShipment): Estimate[] {
  const out: Estimate[] = []
  const eta = s.estimatedTimeOfDelivery
  if (eta) out.push({ source: 'carrier_scheduled', date: estimateDay(eta), confidence: 0.7 })
  const from = s.estimatedDeliveryTimeFrame?.estimatedFrom
  const through = s.estimatedDeliveryTimeFrame?.estimatedThrough
  const anchor = eta ?? from ?? through
  if ((from || through) && anchor) {
    out.push({
      source: 'carrier_window',
      date: estimateDay(anchor).slice(0, 10),
      ...(from ? { earliest: from } : {}),
      ...(through ? { latest: through } : {}),
      confidence: 0.8,
    })
  }
  return out
}

/** One DHL shipment as the Wismo update for the number that was asked. */
export function toUpdate(asked: string, s: DhlShipment, map: MapStatus): TrackingUpdate {
  const origin = toLocation(s.origin)
  const destination = toLocation(s.destination)
  const pieces = toPieces(s, asked)
  const estimates = toEstimates(s)
  return {
    carrier: 'dhl',
    trackingNumber: asked,
    // The Unified API's identity of a shipment is its unit plus its id; the same number may
    // exist in another unit (possibleAdditionalShipmentsUrl) and is then another parcel.
    carrierShipmentId: `${s.service ?? 'dhl'}:${s.id}`.slice(0, 200),
    source: 'poll',
    ...(s.service ? { service: s.service } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    ...(pieces ? { pieces } : {}),
    events: toEvents(s, asked, map),
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

/**
 * The shipment that answers `asked`: among those DHL returned (several when units share a
 * number), the ones whose id or piece ids are the number, in the configured unit if one is set;
 * of those the most recently updated. `undefined` when none fits.
 */
export function pickShipment(
  asked: string,
  shipments: readonly DhlShipment[],
  service: string | undefined,
): DhlShipment | undefined {
  const fits = shipments.filter(
    (s) =>
      (!service || !s.service || s.service === service) &&
      (normalizeTrackingNumber(s.id) === asked ||
        (s.details?.pieceIds ?? []).some((p) => normalizeTrackingNumber(p) === asked)),
  )
  const candidates = fits.length > 0 ? fits : shipments.length === 1 ? [...shipments] : []
  return candidates.sort((a, b) => lastTime(b).localeCompare(lastTime(a)))[0]
}

function lastTime(s: DhlShipment): string {
  return s.status?.timestamp ?? s.events[0]?.timestamp ?? ''
}
