import { allCouriers, getTracking } from 'ts-tracking-number'
import type { Carrier } from '../carrier/contract.ts'
import { normalizeTrackingNumber } from '../domain/tracking-number.ts'

/** One possible carrier for a tracking number. */
export interface CarrierCandidate {
  /** Carrier id (`ups`, `fedex`, ... or a registered adapter's id). */
  carrier: string
  /** Human name of the matching format (`UPS`, `FedEx SmartPost`, ...). */
  name: string
  /** 0..1: how sure the match is. Several format matches share the confidence. */
  confidence: number
  /** Whether an adapter with this id is registered in this Wismo instance. */
  registered: boolean
  source: 'pattern' | 'adapter'
}

/** Pattern matches (regex + check digit from tracking_number_data) are strong but not certain. */
const PATTERN_CONFIDENCE = 0.9

/**
 * Rank the carriers a tracking number may belong to: the known formats of UPS, FedEx, USPS,
 * DHL, Amazon, OnTrac and S10 postal items (regex and check digit), plus each registered
 * adapter's own `detect()`. Highest confidence first; registered carriers win ties.
 * @example detectCarrier('1Z5R89390357567127', carriers)[0] // { carrier: 'ups', confidence: 0.9, ... }
 */
export function detectCarrier(trackingNumber: string, carriers: readonly Carrier[] = []): CarrierCandidate[] {
  const number = normalizeTrackingNumber(trackingNumber)
  const registered = new Set(carriers.map((c) => c.id))
  const patterns = allCouriers.flatMap((courier) => {
    const match = getTracking(number, [courier])
    return match ? [{ carrier: courier.courier_code, name: match.name }] : []
  })
  const byCarrier = new Map<string, CarrierCandidate>()
  const offer = (c: CarrierCandidate) => {
    const prev = byCarrier.get(c.carrier)
    if (!prev || prev.confidence < c.confidence) byCarrier.set(c.carrier, c)
  }
  for (const p of patterns) {
    offer({
      ...p,
      confidence: PATTERN_CONFIDENCE / patterns.length,
      registered: registered.has(p.carrier),
      source: 'pattern',
    })
  }
  for (const carrier of carriers) {
    const confidence = Math.max(0, Math.min(1, carrier.detect?.(number) ?? 0))
    if (confidence > 0)
      offer({ carrier: carrier.id, name: carrier.name, confidence, registered: true, source: 'adapter' })
  }
  return [...byCarrier.values()].sort(
    (a, b) =>
      b.confidence - a.confidence ||
      Number(b.registered) - Number(a.registered) ||
      (a.carrier < b.carrier ? -1 : 1),
  )
}
