import type { LabelRate } from '../carrier/labels.ts'
import { parseCarrierTime } from '../domain/time.ts'
import { WismoError } from '../errors.ts'

/**
 * The rate for `service`: `'cheapest'` is the lowest amount (ties: the faster), `'fastest'` the
 * fewest transit days or earliest delivery date (ties: the cheaper; rates stating neither come
 * last), anything else the rate whose service token matches, ignoring case (the cheapest of
 * several). Throws `SHIPMENT_SERVICE_UNKNOWN` naming what was quoted.
 */
export function chooseRate(rates: readonly LabelRate[], service: string, now: Date): LabelRate {
  const wanted = service.toLowerCase()
  const pool =
    wanted === 'cheapest' || wanted === 'fastest'
      ? rates
      : rates.filter((r) => r.service.toLowerCase() === wanted)
  const days = (r: LabelRate) => transitDays(r, now)
  const byCheapest = (a: LabelRate, b: LabelRate) => a.amount - b.amount || days(a) - days(b)
  const byFastest = (a: LabelRate, b: LabelRate) => days(a) - days(b) || a.amount - b.amount
  const sorted = [...pool].sort(wanted === 'fastest' ? byFastest : byCheapest)
  const best = sorted[0]
  if (!best)
    throw new WismoError(
      'SHIPMENT_SERVICE_UNKNOWN',
      rates.length
        ? `No rate for service "${service}"; quoted: ${[...new Set(rates.map((r) => r.service))].join(', ')}`
        : 'The carrier quoted no rate for this shipment',
      { details: { field: 'service', service, available: [...new Set(rates.map((r) => r.service))] } },
    )
  return best
}

/** Transit days as stated, else days from `now` to the stated delivery date, else ∞. */
function transitDays(rate: LabelRate, now: Date): number {
  if (typeof rate.deliveryDays === 'number') return rate.deliveryDays
  const date = rate.deliveryDate ? parseCarrierTime(rate.deliveryDate) : null
  return date ? (date.sortKey - now.getTime()) / 86_400_000 : Number.POSITIVE_INFINITY
}
