import { parseCarrierDate, type TrackingUpdate } from '@wismo/core'

type Estimates = NonNullable<TrackingUpdate['estimates']>

/** A UTC midnight: how Shippo writes a date it got without a time (goshippo/shippo-node-client#52). */
const UTC_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$/

/**
 * A Shippo ETA as a carrier time. Shippo turns a carrier's date into midnight UTC
 * (`2019-08-09T00:00:00Z` for FedEx's `2019-08-09T00:00:00-06:00`), which read as an instant
 * lands on the previous day in the Americas: a UTC midnight is kept as the local date it names.
 * Other times stay as sent; unreadable ones give `null`.
 * @example shippoEtaDate('2016-12-08T00:00:00Z') // '2016-12-08'
 */
export function shippoEtaDate(value: string | null | undefined): string | null {
  const text = value?.trim()
  if (!text) return null
  const midnight = UTC_MIDNIGHT.exec(text)
  if (midnight?.[1]) return parseCarrierDate(midnight[1])
  return parseCarrierDate(text)
}

/** Confidence of the current carrier ETA, and of the first one Shippo kept (`original_eta`). */
export const ETA_CONFIDENCE = { eta: 0.7, original: 0.5 } as const

/**
 * `eta` as `carrier_scheduled`. When `original_eta` differs it comes first, as an earlier
 * `carrier_scheduled` estimate: Wismo orders carrier estimates as given, so a later `eta` than
 * the original is recorded as a reschedule (the slippage Shippo's two fields show).
 */
export function trackEstimates(
  eta: string | null | undefined,
  original: string | null | undefined,
): Estimates {
  const current = shippoEtaDate(eta)
  const first = shippoEtaDate(original)
  const out: Estimates = []
  if (first && first !== current)
    out.push({ source: 'carrier_scheduled', date: first, confidence: ETA_CONFIDENCE.original })
  if (current) out.push({ source: 'carrier_scheduled', date: current, confidence: ETA_CONFIDENCE.eta })
  return out
}
