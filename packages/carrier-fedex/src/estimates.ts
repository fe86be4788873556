import { parseCarrierTime, type TrackingUpdate } from '@wismo/core'
import type { FedexTrackResult } from './schema.ts'

type Estimate = NonNullable<TrackingUpdate['estimates']>[number]

/**
 * A FedEx date-time as an estimate date. FedEx writes dates without a time of day as midnight in
 * some zone (`2024-04-26T00:00:00-06:00`, the zone of its systems, not the recipient's); such a
 * value is kept as the local date `2024-04-26`, so it never shifts by a day. A real time of day
 * is kept exactly as written; anything that is not a date or time is dropped (`undefined`).
 * @example estimateTime('2024-04-26T00:00:00-06:00') // '2024-04-26'
 */
export function estimateTime(value: string | undefined): string | undefined {
  if (!value || !parseCarrierTime(value)) return undefined
  return /^\d{4}-\d{2}-\d{2}T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:\d{2})?$/.test(value)
    ? value.slice(0, 10)
    : value
}

/** `dateAndTimes[].type` → estimate source and confidence. Other types are facts, not estimates. */
const DATE_TYPES: Readonly<Record<string, Pick<Estimate, 'source' | 'confidence'>>> = {
  ESTIMATED_DELIVERY: { source: 'carrier_scheduled', confidence: 0.7 },
  APPOINTMENT_DELIVERY: { source: 'carrier_scheduled', confidence: 0.85 },
  COMMITMENT: { source: 'carrier_guaranteed', confidence: 0.8 },
}

/**
 * The delivery estimates in one FedEx result: `dateAndTimes` of the types above, the
 * `estimatedDeliveryTimeWindow` as a `carrier_window`, and, only when FedEx gives neither, the
 * service's `standardTransitTimeWindow` end as a low-confidence `carrier_scheduled` date.
 * @example estimatesOf({ dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-02-05T00:00:00-06:00' }] }) // [{ source: 'carrier_scheduled', date: '2026-02-05', confidence: 0.7 }]
 */
export function estimatesOf(result: FedexTrackResult): Estimate[] {
  const estimates: Estimate[] = []
  for (const { type, dateTime } of result.dateAndTimes ?? []) {
    const kind = DATE_TYPES[type]
    const date = estimateTime(dateTime)
    if (kind && date) estimates.push({ ...kind, date })
  }
  const window = windowEstimate(result.estimatedDeliveryTimeWindow?.window, 'carrier_window', 0.75)
  if (window) estimates.push(window)
  if (estimates.length === 0) {
    const standard = result.standardTransitTimeWindow?.window
    const fallback = windowEstimate(standard, 'carrier_scheduled', 0.5)
    if (fallback) estimates.push(fallback)
  }
  return estimates
}

function windowEstimate(
  window: { begins?: string | undefined; ends?: string | undefined } | undefined,
  source: Estimate['source'],
  confidence: number,
): Estimate | undefined {
  const earliest = estimateTime(window?.begins)
  const latest = estimateTime(window?.ends)
  const date = latest ?? earliest
  if (!date) return undefined
  return {
    source,
    date,
    confidence,
    ...(earliest && latest ? { earliest, latest } : {}),
  }
}
