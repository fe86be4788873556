/**
 * The current delivery rate: deliveries observed among tracked in-flight shipments divided by
 * the deliveries the long-run distribution expected of them over the same hours (their
 * cumulative-hazard increments). Below 1 means parcels move slower than usual right now. It reacts
 * as soon as deliveries thin out, before any slow parcel has arrived.
 */

/** Observed/expected tracker; see {@link createRateTracker}. */
export interface RateTracker {
  /** Add expected deliveries (hazard increments) accrued by in-flight shipments, at `nowMs`. */
  expose(expected: number, nowMs: number): void
  /** Count one delivery of a tracked shipment, with the expected amount of its last stretch. */
  deliver(expected: number, nowMs: number): void
  /** Observed/expected, shrunk towards 1 by `priorWeight` expected deliveries. */
  value(nowMs: number): number
}

const DAY_MS = 86_400_000

/**
 * @param halfLifeDays how fast old hours stop counting
 * @param priorWeight pseudo-count of "as usual" deliveries
 * @example
 * const rate = createRateTracker(5, 20)
 * rate.expose(3.2, now); rate.deliver(0.1, now)
 * rate.value(now) // < 1: fewer deliveries than expected
 */
export function createRateTracker(halfLifeDays: number, priorWeight: number): RateTracker {
  let observed = 0
  let expected = 0
  let at: number | null = null
  const decayTo = (nowMs: number) => {
    if (at !== null && nowMs > at) {
      const f = 2 ** (-(nowMs - at) / (halfLifeDays * DAY_MS))
      observed *= f
      expected *= f
    }
    at = Math.max(at ?? nowMs, nowMs)
  }
  return {
    expose(amount, nowMs) {
      decayTo(nowMs)
      expected += amount
    },
    deliver(amount, nowMs) {
      decayTo(nowMs)
      observed += 1
      expected += amount
    },
    value(nowMs) {
      decayTo(nowMs)
      return (observed + priorWeight) / (expected + priorWeight)
    },
  }
}
