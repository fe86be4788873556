/**
 * The metrics page's figures, as pure functions of what the store lists. Every rule is stated
 * here and in docs/dashboard.md; the unit tests check them against figures worked out by hand.
 */
import type { DeliveredRecord, OutboxRow, Shipment } from '@wismo/core'

const DAY_MS = 86_400_000

/** Delivered-parcel figures of one carrier, lane or the whole period. */
export interface DeliveryFigures {
  delivered: number
  /** Delivered parcels that had a promised date. */
  promised: number
  /** Of those, delivered on or before the promised date. */
  onTime: number
  /** `onTime / promised`; `null` without a promised parcel. */
  onTimeRate: number | null
  /** Parcels with both a hand-over and a delivery time. */
  timed: number
  transitMedianDays: number | null
  transitP90Days: number | null
}

/**
 * The `p`-th percentile (0 < p ≤ 1) by the nearest-rank rule: the smallest value with at least
 * `p` of the values at or below it. No interpolation, so every figure is a real parcel's.
 * @example percentile([1, 2, 3, 4], 0.5) // 2
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1] ?? null
}

/**
 * Days from hand-over to delivery, or `null` without a hand-over time.
 * @example transitDays({ handedOverAt: '2026-03-01T12:00:00Z', deliveredAt: '2026-03-03T00:00:00Z' }) // 1.5
 */
export function transitDays(record: Pick<DeliveredRecord, 'handedOverAt' | 'deliveredAt'>): number | null {
  if (!record.handedOverAt) return null
  const ms = Date.parse(record.deliveredAt) - Date.parse(record.handedOverAt)
  return Number.isFinite(ms) && ms >= 0 ? ms / DAY_MS : null
}

/**
 * On time: delivered on or before the promised date, the delivery's date read in the dashboard's
 * time zone (`dateOf`). `null` when nothing was promised.
 * @example
 * const dayInBerlin = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' })
 * isOnTime({ deliveredAt: '2026-03-05T23:30:00Z', promisedDate: '2026-03-05' }, dayInBerlin) // false: the 6th there
 */
export function isOnTime(
  record: Pick<DeliveredRecord, 'deliveredAt' | 'promisedDate'>,
  dateOf: (ms: number) => string,
): boolean | null {
  if (!record.promisedDate) return null
  return dateOf(Date.parse(record.deliveredAt)) <= record.promisedDate.slice(0, 10)
}

/**
 * On-time rate and transit percentiles of a group of deliveries (see {@link isOnTime}, {@link percentile}).
 * @example const { onTimeRate, transitMedianDays } = deliveryFigures(await store.listDeliveries({ since }), dayOf)
 */
export function deliveryFigures(
  records: readonly DeliveredRecord[],
  dateOf: (ms: number) => string,
): DeliveryFigures {
  const verdicts = records.map((r) => isOnTime(r, dateOf)).filter((v) => v !== null)
  const onTime = verdicts.filter(Boolean).length
  const days = records
    .map(transitDays)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b)
  return {
    delivered: records.length,
    promised: verdicts.length,
    onTime,
    onTimeRate: verdicts.length ? onTime / verdicts.length : null,
    timed: days.length,
    transitMedianDays: percentile(days, 0.5),
    transitP90Days: percentile(days, 0.9),
  }
}

/** `US-MA` from region and country; either alone when the other is missing; `?` for neither. */
export function placeLabel(region: string | null | undefined, country: string | null | undefined): string {
  if (region && country) return `${country}-${region}`
  return region || country || '?'
}

/** Origin region → destination region of a delivery record. */
export const laneOfRecord = (r: DeliveredRecord): string =>
  `${placeLabel(r.originRegion, r.originCountry)} → ${placeLabel(r.destinationRegion, r.destinationCountry)}`

/** The same lane, read from a shipment's addresses. */
export const laneOfShipment = (s: Pick<Shipment, 'origin' | 'destination'>): string =>
  `${placeLabel(s.origin?.region, s.origin?.country)} → ${placeLabel(s.destination?.region, s.destination?.country)}`

/** Items grouped by a key, keys sorted. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    groups.set(k, [...(groups.get(k) ?? []), item])
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)))
}

/** Shipment figures of one carrier or lane: how many, how many had an exception, how many are stalled now. */
export interface ShipmentFigures {
  shipments: number
  exceptions: number
  stalled: number
}

/**
 * How many shipments, how many had an exception (`excepted`: ids with an `exception` scan, or in
 * `exception` now) and how many are stalled now.
 * @example shipmentFigures(shipments, new Set(['shp_1'])) // { shipments: 3, exceptions: 1, stalled: 0 }
 */
export function shipmentFigures(
  shipments: readonly Shipment[],
  excepted: ReadonlySet<string>,
): ShipmentFigures {
  return {
    shipments: shipments.length,
    exceptions: shipments.filter((s) => excepted.has(s.id) || s.status === 'exception').length,
    stalled: shipments.filter(isStalled).length,
  }
}

/** Stalled now: the signal detector's `stalled` is active. */
export const isStalled = (s: Pick<Shipment, 'eta'>): boolean =>
  s.eta?.signals?.active.includes('stalled') ?? false

export interface NotificationFigures {
  channel: string
  /** Sent (the provider accepted them). */
  done: number
  /** Given up on. */
  dead: number
  /** `done / (done + dead)`; messages still pending are in neither. */
  deliveryRate: number | null
  failureRate: number | null
}

/** The channel of a notification row (`notify.email` → `email`), or `null` for other rows. */
export function channelOf(row: Pick<OutboxRow, 'topic'>): string | null {
  const match = /^notify[.:](.+)$/.exec(row.topic)
  return match?.[1] ?? null
}

/**
 * Finished notification rows (`done`, `dead`) per channel, channels sorted; other topics and
 * pending rows are left out.
 * @example notificationFigures(rows) // [{ channel: 'email', done: 3, dead: 1, deliveryRate: 0.75, failureRate: 0.25 }]
 */
export function notificationFigures(rows: readonly OutboxRow[]): NotificationFigures[] {
  const finished = rows.filter((r) => channelOf(r) !== null && (r.state === 'done' || r.state === 'dead'))
  return [...groupBy(finished, (r) => channelOf(r) as string)].map(([channel, list]) => {
    const done = list.filter((r) => r.state === 'done').length
    const total = list.length
    return {
      channel,
      done,
      dead: total - done,
      deliveryRate: done / total,
      failureRate: (total - done) / total,
    }
  })
}

/** Deliveries per calendar day (in the dashboard's zone) for each of `days`, zeros included. */
export function deliveriesPerDay(
  records: readonly DeliveredRecord[],
  days: readonly string[],
  dateOf: (ms: number) => string,
): { day: string; count: number }[] {
  const counts = new Map(days.map((d) => [d, 0]))
  for (const r of records) {
    const day = dateOf(Date.parse(r.deliveredAt))
    const seen = counts.get(day)
    if (seen !== undefined) counts.set(day, seen + 1)
  }
  return [...counts].map(([day, count]) => ({ day, count }))
}
