import type { TrackingUpdate } from '@wismo/core'
import type { UspsTracking } from './schema.ts'
import { clockTime, datePart, normalizeTime } from './time.ts'

type Estimate = NonNullable<TrackingUpdate['estimates']>[number]

/**
 * How much Wismo should trust each USPS date (USPS publishes no accuracy figures; these are ours).
 * @example ESTIMATE_CONFIDENCE.guaranteed // 0.95
 */
export const ESTIMATE_CONFIDENCE = {
  guaranteed: 0.95,
  expected: 0.8,
  predictedWindow: 0.75,
  predicted: 0.7,
} as const

/** A time of day on `date`, written local (no offset), from a window bound like `2:00 PM`. */
function onDate(date: string, time: string | null | undefined): string | null {
  const clock = clockTime(time)
  return clock ? `${date}T${clock}` : null
}

/** `expectedDeliveryTimeStamp`: the delivery date USPS expects for the mail class (its service standard). */
function expected(t: UspsTracking): Estimate | null {
  const date = datePart(t.expectedDeliveryTimeStamp)
  return date ? { source: 'carrier_scheduled', date, confidence: ESTIMATE_CONFIDENCE.expected } : null
}

/** `guaranteedDeliveryTimeStamp` (Priority Mail Express and some international): a date, and a time when one is given. */
function guaranteed(t: UspsTracking): Estimate | null {
  const full = normalizeTime(t.guaranteedDeliveryTimeStamp)
  const date = datePart(full)
  if (!full || !date) return null
  const byTime = full.length > 10 && !/T00:00(:00(\.0+)?)?$/.test(full) ? { latest: full } : {}
  return { source: 'carrier_guaranteed', date, ...byTime, confidence: ESTIMATE_CONFIDENCE.guaranteed }
}

/** `predictedDeliveryDate` with its window (`predictedDeliveryWindowStartTime/EndTime`) when readable. */
function predicted(t: UspsTracking): Estimate | null {
  const date = datePart(t.predictedDeliveryDate) ?? datePart(t.predictedDeliveryTimeStamp)
  if (!date) return null
  const earliest = onDate(date, t.predictedDeliveryWindowStartTime)
  const latest = onDate(date, t.predictedDeliveryWindowEndTime)
  const window = earliest && latest && earliest <= latest ? { earliest, latest } : null
  return {
    source: 'carrier_window',
    date,
    ...window,
    confidence: window ? ESTIMATE_CONFIDENCE.predictedWindow : ESTIMATE_CONFIDENCE.predicted,
  }
}

/**
 * The delivery dates USPS gives for a parcel, as Wismo estimates. Dates stay local dates (never
 * shifted to UTC); a time of day is written without offset, as USPS gives none for these fields.
 * @example uspsEstimates({ trackingNumber: '9400…', expectedDeliveryTimeStamp: '2024-11-22T00:00:00' })
 * // [{ source: 'carrier_scheduled', date: '2024-11-22', confidence: 0.8 }]
 */
export function uspsEstimates(t: UspsTracking): Estimate[] {
  return [guaranteed(t), expected(t), predicted(t)].filter((e): e is Estimate => e !== null)
}
