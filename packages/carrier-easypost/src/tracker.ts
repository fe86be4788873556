import {
  canonicalTime,
  carrierTimeProblem,
  type Logger,
  normalizeTrackingNumber,
  type TrackingUpdate,
  WismoError,
  wismoCarrierId,
} from '@wismo/core'
import type { EasypostLocation, EasypostTracker, EasypostTrackingDetail } from './schema.ts'
import { type EasypostStatusMapper, easypostRawCode } from './status-map.ts'

type Event = TrackingUpdate['events'][number]
type Location = NonNullable<Event['location']>
type Estimate = NonNullable<TrackingUpdate['estimates']>[number]

/**
 * Id of this adapter, the `carrier` of every update it gives.
 * @example update.carrier === EASYPOST_ID
 */
export const EASYPOST_ID = 'easypost'

/**
 * How sure each kind of EasyPost date is (data: the carrier's words, our confidence).
 * @example EASYPOST_ESTIMATE_CONFIDENCE.carrier_guaranteed // 0.9
 */
export const EASYPOST_ESTIMATE_CONFIDENCE = {
  /** `est_delivery_date` / `carrier_detail.est_delivery_date_local`: the carrier's estimate. */
  carrier_scheduled: 0.75,
  /** `carrier_detail.guaranteed_delivery_date`: a service commitment. */
  carrier_guaranteed: 0.9,
} as const

/** How trackers become updates: the mapper, the update's source, whether tracker ids are kept. */
export interface TrackerContext {
  map: EasypostStatusMapper
  source: TrackingUpdate['source']
  /** Whether updates carry the tracker id as `carrierShipmentId`. */
  trackerIds: boolean
  log?: Logger
}

/**
 * Trackers as tracking updates, one per tracking code. EasyPost can hold several trackers for
 * one code (another carrier name, another account, or one re-created after EasyPost's 3-month
 * de-duplication window); seen together they are one parcel: their scans are merged and
 * de-duplicated by content, the oldest tracker's id is the `carrierShipmentId`, and the most
 * recently updated tracker gives the service, places and estimates.
 * @example trackerUpdates([tracker], { map, source: 'poll', trackerIds: true })[0]?.carrierShipmentId // 'trk_…'
 */
export function trackerUpdates(trackers: readonly EasypostTracker[], ctx: TrackerContext): TrackingUpdate[] {
  const byCode = new Map<string, EasypostTracker[]>()
  for (const t of trackers) {
    const code = normalizeTrackingNumber(t.tracking_code)
    byCode.set(code, [...(byCode.get(code) ?? []), t])
  }
  return [...byCode].map(([code, group]) => mergedUpdate(code, group, ctx))
}

function mergedUpdate(code: string, group: EasypostTracker[], ctx: TrackerContext): TrackingUpdate {
  const oldest = [...group].sort(byCreation)[0] as EasypostTracker
  const newest = [...group].sort((a, b) => byUpdate(b, a))[0] as EasypostTracker
  const events = uniqueScans(group.flatMap((t) => t.tracking_details)).flatMap((d) => scan(d, ctx))
  const service = serviceOf(newest)
  const origin = place(newest.carrier_detail?.origin_tracking_location)
  const destination = place(newest.carrier_detail?.destination_tracking_location)
  const estimates = trackerEstimates(newest)
  return {
    carrier: EASYPOST_ID,
    trackingNumber: code,
    ...(ctx.trackerIds && oldest.id ? { carrierShipmentId: oldest.id } : {}),
    ...(wismoCarrierId(newest.carrier) ? { trackingCarrier: wismoCarrierId(newest.carrier) } : {}),
    source: ctx.source,
    events: withUniqueIds(events),
    ...(service ? { service } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

const NEVER = Number.POSITIVE_INFINITY
const createdAt = (t: EasypostTracker) => Date.parse(t.created_at ?? '') || NEVER
const updatedAt = (t: EasypostTracker) => Date.parse(t.updated_at ?? t.created_at ?? '') || 0

function byCreation(a: EasypostTracker, b: EasypostTracker): number {
  return createdAt(a) - createdAt(b) || (a.id ?? '~').localeCompare(b.id ?? '~')
}

function byUpdate(a: EasypostTracker, b: EasypostTracker): number {
  return updatedAt(a) - updatedAt(b) || byCreation(b, a)
}

/** Scans of several trackers without repeats: the same instant, codes, text and place is one scan. */
function uniqueScans(details: readonly EasypostTrackingDetail[]): EasypostTrackingDetail[] {
  const seen = new Set<string>()
  return details.filter((d) => {
    const key = contentKey(d)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function contentKey(d: EasypostTrackingDetail): string {
  const time = carrierTimeProblem(d.datetime) === null ? canonicalTime(d.datetime) : d.datetime
  const where = d.tracking_location
  return JSON.stringify([
    time,
    d.status,
    d.status_detail ?? '',
    (d.message ?? d.description ?? '').trim(),
    [where?.city, where?.state, where?.zip, where?.country].map((s) => s?.trim().toUpperCase() ?? ''),
  ])
}

/** One tracking detail as a Wismo event; a scan without a readable time is dropped (logged). */
function scan(d: EasypostTrackingDetail, ctx: TrackerContext): Event[] {
  const problem = carrierTimeProblem(d.datetime)
  if (problem) {
    ctx.log?.warn({ carrier: EASYPOST_ID, datetime: d.datetime.slice(0, 40), problem }, 'easypost scan time')
    return []
  }
  const mapped = ctx.map(d.status, d.status_detail)
  const location = place(d.tracking_location)
  return [
    {
      status: mapped.status,
      subStatus: mapped.subStatus,
      rawCode: easypostRawCode(d.status, d.status_detail),
      rawText: (d.message || d.description || '').trim().slice(0, 2000),
      occurredAt: d.datetime,
      ...(location ? { location } : {}),
      ...(d.id?.trim() ? { providerEventId: d.id.trim() } : {}),
    },
  ]
}

/** Provider ids must be unique within an update: a repeated one is dropped from the later scan. */
function withUniqueIds(events: Event[]): Event[] {
  const seen = new Set<string>()
  return events.map((e) => {
    if (!e.providerEventId) return e
    if (!seen.has(e.providerEventId)) {
      seen.add(e.providerEventId)
      return e
    }
    const { providerEventId: _repeated, ...rest } = e
    return rest
  })
}

/**
 * A `TrackingLocation` as a Wismo location; `null`s and blanks left out.
 * @example place({ city: 'ORLANDO', state: 'FL', zip: '32809', country: 'US' }) // { city: 'ORLANDO', region: 'FL', postalCode: '32809', country: 'US' }
 */
export function place(l: EasypostLocation | null | undefined): Location | undefined {
  const clean = (s: string | null | undefined) => s?.trim() || undefined
  const country = clean(l?.country)?.toUpperCase()
  const loc: Location = {}
  const city = clean(l?.city)
  const region = clean(l?.state)
  const postalCode = clean(l?.zip)
  if (city) loc.city = city.slice(0, 500)
  if (region) loc.region = region.slice(0, 500)
  if (postalCode && postalCode.length <= 40) loc.postalCode = postalCode
  if (country && /^[A-Z]{2,3}$/.test(country)) loc.country = country
  return Object.keys(loc).length > 0 ? loc : undefined
}

/** The underlying carrier and its service, e.g. `FedEx FEDEX_GROUND`. */
function serviceOf(t: EasypostTracker): string | undefined {
  const carrier = t.carrier?.trim()
  const service = t.carrier_detail?.service?.trim()
  if (!service) return carrier || undefined
  if (!carrier || service.toLowerCase().startsWith(`${carrier.toLowerCase()} `)) return service.slice(0, 500)
  return `${carrier} ${service}`.slice(0, 500)
}

/**
 * A tracker's delivery dates as typed estimates: the carrier's estimate (`carrier_scheduled`;
 * the local date and time in `carrier_detail` when given, else `est_delivery_date`) and the
 * guaranteed date (`carrier_guaranteed`). A midnight-UTC instant is a date in EasyPost's
 * spelling and is kept as that date, never shifted by a time zone.
 * @example trackerEstimates(tracker) // [{ source: 'carrier_scheduled', date: '2024-08-05', confidence: 0.75 }]
 */
export function trackerEstimates(
  t: Pick<EasypostTracker, 'est_delivery_date' | 'carrier_detail'>,
): Estimate[] {
  const out: Estimate[] = []
  const detail = t.carrier_detail
  const scheduled =
    localEstimate(detail?.est_delivery_date_local, detail?.est_delivery_time_local) ??
    asDate(t.est_delivery_date)
  if (scheduled)
    out.push({
      source: 'carrier_scheduled',
      date: scheduled,
      confidence: EASYPOST_ESTIMATE_CONFIDENCE.carrier_scheduled,
    })
  const guaranteed = asDate(detail?.guaranteed_delivery_date)
  if (guaranteed)
    out.push({
      source: 'carrier_guaranteed',
      date: guaranteed,
      confidence: EASYPOST_ESTIMATE_CONFIDENCE.carrier_guaranteed,
    })
  return out
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const MIDNIGHT_UTC = /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$/

/**
 * An EasyPost date field as a carrier time: a date stays a date, midnight UTC becomes one.
 * @example asDate('2024-08-05T00:00:00Z') // '2024-08-05'
 */
export function asDate(value: string | null | undefined): string | null {
  const v = value?.trim()
  if (!v) return null
  const midnight = MIDNIGHT_UTC.exec(v)?.[1]
  const candidate = midnight ?? v
  return carrierTimeProblem(candidate) === null ? candidate : null
}

/** `est_delivery_date_local` (+ `est_delivery_time_local`) as a local date or date-time. */
function localEstimate(date: string | null | undefined, time: string | null | undefined): string | null {
  const d = date?.trim()
  if (!d || !DATE.test(d) || carrierTimeProblem(d)) return null
  const t = time?.trim()
  if (!t || !/^\d{2}:\d{2}(:\d{2})?$/.test(t)) return d
  const local = `${d}T${t}`
  return carrierTimeProblem(local) === null ? local : d
}

/**
 * A tracker that tells nothing yet: EasyPost made it but has no word from the carrier.
 * @example isEmptyTracker({ ...tracker, status: 'unknown', tracking_details: [] }) // true
 */
export function isEmptyTracker(t: EasypostTracker): boolean {
  return t.status === 'unknown' && t.tracking_details.length === 0
}

/**
 * Most characters of a vendor body kept in an error's `details`.
 * @example invalid('odd', body).details?.truncated
 */
export const MAX_BODY_IN_ERROR = 4096

/**
 * `CARRIER_RESPONSE_INVALID` keeping the start of the vendor body for debugging.
 * @example throw invalid('EasyPost answered a tracker in an unexpected shape', data)
 */
export function invalid(message: string, body: unknown, cause?: unknown): WismoError {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))
  const truncated = text.length > MAX_BODY_IN_ERROR
  return new WismoError('CARRIER_RESPONSE_INVALID', message, {
    ...(cause ? { cause } : {}),
    details: { body: truncated ? `${text.slice(0, MAX_BODY_IN_ERROR)}…` : text, truncated },
  })
}
