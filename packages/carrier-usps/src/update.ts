import type { Logger, MappedStatus, TrackingUpdate } from '@wismo/core'
import { uspsEstimates } from './estimates.ts'
import type { UspsEvent, UspsTracking } from './schema.ts'
import { cleanText } from './text.ts'
import { eventTime } from './time.ts'

type Event = TrackingUpdate['events'][number]
type Place = NonNullable<TrackingUpdate['origin']>

/** Status lookups: `map` logs a code no table knows (once), `quiet` is for the text fallbacks. */
export interface Mappers {
  map: (code: string, subCode?: string | null) => MappedStatus
  quiet: (code: string) => MappedStatus
}

/** The event type's text before its first comma, lower-cased: `Delivered, Parcel Locker` → `delivered`. */
export function typeKey(eventType: string | null | undefined): string {
  return cleanText(eventType).split(',')[0]?.trim().toLowerCase() ?? ''
}

const trimmed = (v: string | null | undefined) => cleanText(v) || undefined

/** A place from USPS's city/state/ZIP/country fields; `undefined` when all are empty. */
export function place(
  city: string | null | undefined,
  region: string | null | undefined,
  postalCode: string | null | undefined,
  country: string | null | undefined,
): Place | undefined {
  const c = trimmed(city)
  const r = trimmed(region)
  const z = trimmed(postalCode)
  const n = trimmed(country)
  // Countries come as ISO codes or as names ("UNITED KINGDOM"); only codes fit `country`.
  const code = n && /^[A-Za-z]{2,3}$/.test(n) ? n.toUpperCase() : undefined
  const text = [[c, [r, z].filter(Boolean).join(' ')].filter(Boolean).join(', '), code ? undefined : n]
    .filter(Boolean)
    .join(', ')
  if (!text && !code) return undefined
  return {
    ...(c ? { city: c } : {}),
    ...(r ? { region: r } : {}),
    ...(z ? { postalCode: z } : {}),
    ...(code ? { country: code } : {}),
    ...(text ? { text } : {}),
  }
}

/** Map one scan: by code, then by its event type, then (latest scan only) by the parcel's category. */
function mapStatus(e: UspsEvent, mappers: Mappers, category: string | null): MappedStatus {
  const code = e.eventCode?.trim()
  const type = typeKey(e.eventType)
  const byCode = code ? mappers.map(code, e.reasonCode?.trim() || null) : null
  if (byCode?.mapped) return byCode
  const fallbacks = [type && `type:${type}`, category && `category:${category}`]
  for (const key of fallbacks) {
    const hit = key ? mappers.quiet(key) : null
    if (hit?.mapped) return hit
  }
  return byCode ?? mappers.map(`type:${type}`)
}

function toEvent(e: UspsEvent, mappers: Mappers, category: string | null, log: Logger): Event | null {
  const occurredAt = eventTime(e)
  const rawText = cleanText(e.eventType)
  if (!occurredAt) {
    log.warn({ carrier: 'usps', eventCode: e.eventCode ?? null }, 'usps scan without a usable time left out')
    return null
  }
  const { status, subStatus } = mapStatus(e, mappers, category)
  const location = place(e.eventCity, e.eventState, e.eventZIP, e.eventCountry)
  return {
    status,
    subStatus,
    rawCode: (e.eventCode?.trim() || rawText || 'UNKNOWN').slice(0, 200),
    rawText: rawText.slice(0, 2000),
    occurredAt,
    ...(location ? { location } : {}),
  }
}

/** Index of the scan the parcel's `status`/`statusCategory` describe: the one with that text, else the newest. */
function latestIndex(t: UspsTracking): number {
  const status = cleanText(t.status).toLowerCase()
  const events = t.trackingEvents ?? []
  const same = events.findIndex((e) => cleanText(e.eventType).toLowerCase() === status)
  return Math.max(same, 0)
}

/**
 * One USPS tracking answer as a Wismo update for `trackingNumber` (the number asked for: USPS
 * may echo it without its `420`+ZIP prefix). The mail piece's unique id becomes
 * `carrierShipmentId`, because USPS reuses numbers within its retention period.
 */
export function toUpdate(
  trackingNumber: string,
  t: UspsTracking,
  mappers: Mappers,
  log: Logger,
): TrackingUpdate {
  const category = cleanText(t.statusCategory).toLowerCase() || null
  const latest = latestIndex(t)
  const events = (t.trackingEvents ?? []).flatMap((e, i) => {
    const event = toEvent(e, mappers, i === latest ? category : null, log)
    return event ? [event] : []
  })
  const id = trimmed(t.uniqueMailPieceID ?? t.uniqueMailPieceId ?? t.uniqueTrackingId)
  const service = trimmed(t.mailClass)
  const origin = place(t.originCity, t.originState, t.originZIP, t.originCountry)
  const destination = place(t.destinationCity, t.destinationState, t.destinationZIP, t.destinationCountryCode)
  const estimates = uspsEstimates(t)
  return {
    carrier: 'usps',
    trackingNumber,
    ...(id ? { carrierShipmentId: id } : {}),
    source: 'poll',
    ...(service ? { service: service.slice(0, 500) } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    events,
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}
