/**
 * Recency weighting. An observation made at `t` weighs `2^-(now - t) / halfLife` at `now`. Sums
 * are stored relative to a reference time so that adding is O(1) and reading at any `now` is one
 * multiplication; the reference moves forward before the stored numbers could overflow.
 */

const DAY_MS = 86_400_000
const REBASE_AT = 600

/** A clock that turns times into growing log2-weights and rescales stored sums when needed. */
export interface DecayClock {
  readonly halfLifeDays: number
  /** Weight to store for an observation made at `ms` (relative to the current reference). */
  storeWeight(ms: number): number
  /** Factor that turns stored sums into weights at `nowMs`. */
  readFactor(nowMs: number): number
}

/**
 * Make a clock. `onRebase(factor)` must multiply every stored sum by `factor`.
 * @example
 * const clock = createDecayClock(30, (f) => { total *= f })
 * total += clock.storeWeight(Date.now())
 * const weightNow = total * clock.readFactor(Date.now())
 */
export function createDecayClock(halfLifeDays: number, onRebase: (factor: number) => void): DecayClock {
  let reference: number | null = null
  const exponent = (ms: number) => (ms - (reference ?? ms)) / (halfLifeDays * DAY_MS)
  return {
    halfLifeDays,
    storeWeight(ms) {
      reference ??= ms
      const e = exponent(ms)
      if (e > REBASE_AT) {
        onRebase(2 ** -e)
        reference = ms
        return 1
      }
      return 2 ** e
    },
    readFactor(nowMs) {
      return reference === null ? 0 : 2 ** -exponent(nowMs)
    },
  }
}

/**
 * Weight at `nowMs` of one observation made at `ms`.
 * @example recencyWeight(0, 30 * 86_400_000, 30) // 0.5
 */
export function recencyWeight(ms: number, nowMs: number, halfLifeDays: number): number {
  return 2 ** (-(nowMs - ms) / (halfLifeDays * DAY_MS))
}
