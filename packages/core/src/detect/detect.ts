import type { Carrier } from '../carrier/contract.ts'
import { normalizeTrackingNumber } from '../domain/tracking-number.ts'
import { type CheckDigit, type FormatMatch, matchFormats } from './formats.ts'

export type { CheckDigit } from './formats.ts'

/** One possible carrier for a tracking number. */
export interface CarrierCandidate {
  /**
   * Carrier id (`ups`, `fedex`, `usps`, `dhl`, `amazon`, `ontrac`, `canada-post`, `purolator`,
   * `dpd`, `s10`… see `COURIER_IDS`), or a registered adapter's id.
   */
  carrier: string
  /** Human name of the matching format (`UPS`, `FedEx Ground`, ...) or of the adapter. */
  name: string
  /**
   * 0..1: how sure the match is: 0.9 check digit passed, 0.5 pattern only (no check digit, or
   * one ts-tracking-number does not compute), or the adapter's own.
   */
  confidence: number
  /** Whether an adapter with this id is registered in this Wismo instance. */
  registered: boolean
  source: 'pattern' | 'adapter'
  /**
   * For `source: 'pattern'`: `passed` when the format's check digit verified the number, `none`
   * when the format has no check digit. Absent for adapter candidates.
   */
  checkDigit?: CheckDigit
}

/**
 * Confidence of a known format's match. A verified check digit leaves little doubt; a format
 * without one (Amazon `TBA…`) still passes the default `detectionThreshold` of 0.5.
 */
const PATTERN_CONFIDENCE: Readonly<Record<CheckDigit, number>> = { passed: 0.9, none: 0.5 }

/**
 * Rank the carriers a tracking number may belong to: the known formats of tracking_number_data
 * (UPS, FedEx, USPS, DHL, Amazon, OnTrac, Canada Post, Purolator, DPD, LaserShip, S10 postal
 * items and more: regex and check digit), plus each registered adapter's own `detect()`. Highest
 * confidence first; registered carriers win ties, then ids in alphabetical order. Formats of two
 * carriers can both match (a 34-digit USPS IMpb may also pass the FedEx Express (34) check
 * digit): both are listed with the same confidence.
 * @example detectCarrier('1Z5R89390357567127', carriers)[0] // { carrier: 'ups', confidence: 0.9, checkDigit: 'passed', ... }
 */
export function detectCarrier(trackingNumber: string, carriers: readonly Carrier[] = []): CarrierCandidate[] {
  const number = normalizeTrackingNumber(trackingNumber)
  const registered = new Set(carriers.map((c) => c.id))
  const best = new Map<string, CarrierCandidate>()
  const offer = (c: CarrierCandidate) => {
    const prev = best.get(c.carrier)
    if (!prev || prev.confidence < c.confidence) best.set(c.carrier, c)
  }
  for (const match of matchFormats(number)) offer(fromPattern(match, registered.has(match.carrier)))
  for (const carrier of carriers) {
    const confidence = Math.max(0, Math.min(1, carrier.detect?.(number) ?? 0))
    if (confidence > 0)
      offer({ carrier: carrier.id, name: carrier.name, confidence, registered: true, source: 'adapter' })
  }
  return [...best.values()].sort(byRank)
}

function fromPattern(match: FormatMatch, registered: boolean): CarrierCandidate {
  return { ...match, confidence: PATTERN_CONFIDENCE[match.checkDigit], registered, source: 'pattern' }
}

function byRank(a: CarrierCandidate, b: CarrierCandidate): number {
  return (
    b.confidence - a.confidence ||
    Number(b.registered) - Number(a.registered) ||
    (a.carrier < b.carrier ? -1 : a.carrier > b.carrier ? 1 : 0)
  )
}
