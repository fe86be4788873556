/**
 * Order volume as a congestion signal: the rate of new shipments (tracked starts) over a short
 * half-life against the rate over a long one. Known at start time, so it can be used at purchase:
 * a surge of orders (a sale, the year-end peak) tends to slow handling and transit that follow.
 */

const DAY_MS = 86_400_000
const LONG_HALF_LIFE_DAYS = 30
/** Below this many (decayed) starts in the long window the signal is unknown (`null`). */
const MIN_LONG_COUNT = 30
const CLIP = 1.5

/** Decayed start counts; see {@link createVolumeTracker}. */
export interface VolumeTracker {
  /** Count one new shipment started at `ms` (times must not go backwards much; earlier ones decay from `ms`). */
  add(ms: number): void
  /** log(short-window rate / long-window rate) at `nowMs`, clipped to ±1.5, or `null` without history. */
  congestion(nowMs: number): number | null
}

/**
 * @param shortHalfLifeDays half-life of the "now" rate
 * @example
 * const volume = createVolumeTracker(3)
 * volume.add(Date.now())
 * volume.congestion(Date.now()) // null until about 30 starts are known
 */
export function createVolumeTracker(shortHalfLifeDays: number): VolumeTracker {
  let short = 0
  let long = 0
  let at: number | null = null
  const decayTo = (nowMs: number) => {
    if (at !== null && nowMs > at) {
      short *= 2 ** (-(nowMs - at) / (shortHalfLifeDays * DAY_MS))
      long *= 2 ** (-(nowMs - at) / (LONG_HALF_LIFE_DAYS * DAY_MS))
    }
    at = Math.max(at ?? nowMs, nowMs)
  }
  return {
    add(ms) {
      decayTo(ms)
      short += 1
      long += 1
    },
    congestion(nowMs) {
      decayTo(nowMs)
      if (long < MIN_LONG_COUNT) return null
      // A decayed count with half-life h holds about rate × h / ln 2 starts.
      const ratio = short / shortHalfLifeDays / (long / LONG_HALF_LIFE_DAYS)
      return Math.max(-CLIP, Math.min(CLIP, Math.log(Math.max(ratio, 1e-6))))
    },
  }
}
