import {
  type Logger,
  type MappedStatus,
  normalizeTrackingNumber,
  TrackingNumberSchema,
  type TrackingUpdate,
  WismoError,
  wismoCarrierId,
} from '@wismo/core'
import { trackingEstimates } from './estimates.ts'
import {
  type AftershipCheckpoint,
  AftershipEnvelopeSchema,
  type AftershipTracking,
  AftershipTrackingListSchema,
  AftershipTrackingSchema,
} from './schema.ts'
import { type AftershipStatusCodes, aftershipRawCode } from './status-map.ts'
import { carrierTime } from './time.ts'

type Event = TrackingUpdate['events'][number]
type Location = NonNullable<Event['location']>
export type MapStatus = (codes: AftershipStatusCodes) => MappedStatus

/** Most characters of a vendor body kept in an error's `details` for debugging. */
export const MAX_BODY_IN_ERROR = 4096

const ISO3 = /^[A-Z]{3}$/

/** A country code when it is ISO alpha-3 (what AfterShip sends), upper-cased. */
function country(...values: (string | null | undefined)[]): string | undefined {
  return values.map((v) => v?.trim().toUpperCase()).find((v) => v && ISO3.test(v))
}

function trimmed(value: string | null | undefined, max = 500): string | undefined {
  const v = value?.trim()
  return v ? v.slice(0, max) : undefined
}

/** A checkpoint's place: city, state → region, zip → postal code, ISO3 country, free text. */
export function checkpointLocation(c: AftershipCheckpoint): Location | undefined {
  const loc: Location = {}
  const city = trimmed(c.city)
  const region = trimmed(c.state)
  const postalCode = trimmed(c.zip, 40)
  const iso3 = country(c.country_region, c.country_iso3)
  const text = trimmed(c.location)
  if (city) loc.city = city
  if (region) loc.region = region
  if (postalCode) loc.postalCode = postalCode
  if (iso3) loc.country = iso3
  if (text) loc.text = text
  return Object.keys(loc).length > 0 ? loc : undefined
}

/**
 * One checkpoint as a Wismo event, or `null` when its `checkpoint_time` is missing or not a
 * time (the caller logs and skips it). The time is kept as AfterShip gave it: with the
 * checkpoint's offset, or local without one.
 */
export function checkpointEvent(c: AftershipCheckpoint, map: MapStatus): Event | null {
  const occurredAt = carrierTime(c.checkpoint_time)
  if (!occurredAt) return null
  const codes = { tag: c.tag, subtag: c.subtag }
  const mapped = map(codes)
  const location = checkpointLocation(c)
  return {
    status: mapped.status,
    subStatus: mapped.subStatus,
    rawCode: aftershipRawCode(codes),
    rawText: (trimmed(c.message, 2000) ?? trimmed(c.subtag_message, 2000) ?? '').slice(0, 2000),
    occurredAt,
    ...(location ? { location } : {}),
  }
}

function address(
  t: AftershipTracking,
  side: 'origin' | 'destination',
): NonNullable<TrackingUpdate['origin']> | undefined {
  const iso3 =
    side === 'origin'
      ? country(t.origin_country_region, t.origin_country_iso3)
      : country(
          t.destination_country_region,
          t.destination_country_iso3,
          t.courier_destination_country_region,
          t.courier_destination_country_iso3,
        )
  const loc: Location = {}
  const city = trimmed(side === 'origin' ? t.origin_city : t.destination_city)
  const region = trimmed(side === 'origin' ? t.origin_state : t.destination_state)
  const postalCode = trimmed(side === 'origin' ? t.origin_postal_code : t.destination_postal_code, 40)
  if (city) loc.city = city
  if (region) loc.region = region
  if (postalCode) loc.postalCode = postalCode
  if (iso3) loc.country = iso3
  return Object.keys(loc).length > 0 ? loc : undefined
}

/** The courier and its service, e.g. `fedex: FedEx International Economy`. */
function serviceOf(t: AftershipTracking): string | undefined {
  const slug = trimmed(t.slug)
  const type = trimmed(t.shipment_type)
  if (slug === 'unrecognized') return type
  return [slug, type].filter(Boolean).join(': ').slice(0, 500) || undefined
}

/**
 * The tracking's own status as an event, when AfterShip has stopped tracking (`active: false`)
 * and that status is not its latest checkpoint's: `Expired` (no information for 30 days) comes
 * without any checkpoint, and a tracking marked completed (e.g. `Exception_013`, lost) may keep a
 * delivered checkpoint last. It is dated `updated_at`, which stays put once tracking has stopped,
 * so polls and webhooks of the same tracking agree on it.
 */
export function finalStatusEvent(t: AftershipTracking, map: MapStatus): Event | null {
  if (t.active !== false) return null
  const codes = { tag: t.tag, subtag: t.subtag }
  const raw = aftershipRawCode(codes)
  const last = t.checkpoints?.at(-1)
  const occurredAt = carrierTime(t.updated_at)
  if (raw === '?' || !occurredAt || (last && aftershipRawCode(last) === raw)) return null
  const mapped = map(codes)
  return {
    status: mapped.status,
    subStatus: mapped.subStatus,
    rawCode: raw,
    rawText: trimmed(t.subtag_message, 2000) ?? raw,
    occurredAt,
  }
}

/** The tracking number of an AfterShip tracking in Wismo's normalized form, or `null` when unusable. */
export function wismoNumber(t: Pick<AftershipTracking, 'tracking_number'>): string | null {
  const parsed = TrackingNumberSchema.safeParse(t.tracking_number)
  return parsed.success ? parsed.data : null
}

/**
 * A Tracking object as a Wismo update: every checkpoint an event (AfterShip sends the whole
 * history each time), every EDD an estimate, AfterShip's tracking id as `carrierShipmentId`.
 * Checkpoints without a readable time are skipped and logged.
 */
export function toUpdate(
  t: AftershipTracking,
  ctx: { map: MapStatus; log: Logger; source: 'poll' | 'webhook'; trackingNumber?: string },
): TrackingUpdate {
  const trackingNumber = ctx.trackingNumber ?? wismoNumber(t) ?? normalizeTrackingNumber(t.tracking_number)
  const events: Event[] = []
  for (const c of t.checkpoints ?? []) {
    const event = checkpointEvent(c, ctx.map)
    if (event) events.push(event)
    else
      ctx.log.warn(
        { carrier: 'aftership', trackingNumber, checkpointTime: c.checkpoint_time ?? null },
        'aftership checkpoint without a readable time skipped',
      )
  }
  const final = finalStatusEvent(t, ctx.map)
  if (final) events.push(final)
  const estimates = trackingEstimates(t)
  const service = serviceOf(t)
  const origin = address(t, 'origin')
  const destination = address(t, 'destination')
  const id = trimmed(t.id, 200)
  return {
    carrier: 'aftership',
    trackingNumber,
    source: ctx.source,
    ...(id ? { carrierShipmentId: id } : {}),
    ...(wismoCarrierId(t.slug) ? { trackingCarrier: wismoCarrierId(t.slug) } : {}),
    ...(service ? { service } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    events,
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

/** `data` of an AfterShip answer, after checking the envelope. */
function dataOf(body: unknown): unknown {
  const parsed = AftershipEnvelopeSchema.safeParse(body)
  if (!parsed.success) throw invalid('AfterShip answered in an unexpected shape', body, parsed.error)
  return parsed.data.data
}

/** The trackings of a `GET /trackings` answer (entries that are no Tracking object fail the answer). */
export function readTrackingList(body: unknown): { trackings: AftershipTracking[]; nextCursor?: string } {
  const data = AftershipTrackingListSchema.safeParse(dataOf(body))
  if (!data.success) throw invalid('AfterShip listed trackings in an unexpected shape', body, data.error)
  const trackings = (data.data.trackings ?? []).map((t) => readTracking(t, body))
  const next = data.data.pagination?.has_next_page ? data.data.pagination.next_cursor : undefined
  return { trackings, ...(next ? { nextCursor: next } : {}) }
}

/** The Tracking of a create/get answer: `data` (current versions) or `data.tracking` (older ones). */
export function readCreated(body: unknown): AftershipTracking {
  const data = dataOf(body) as { tracking?: unknown } | null
  const inner = data && typeof data === 'object' && 'tracking' in data ? data.tracking : data
  return readTracking(inner, body)
}

function readTracking(value: unknown, body: unknown): AftershipTracking {
  const parsed = AftershipTrackingSchema.safeParse(value)
  if (!parsed.success) throw invalid('AfterShip sent a tracking in an unexpected shape', body, parsed.error)
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
