/**
 * The yearly season: how much slower (or faster) shipments that started in the same weeks a year
 * earlier were than those of the months around them. A peak such as Black Friday to Christmas shows
 * up in a shop's second year before its first slow parcel of that year is delivered, which no
 * "current conditions" estimate can do. Residuals are kept per start day for a little over a year;
 * the anomaly is a log-time shift, shrunk towards 0 by a pseudo-count, and exactly 0 until the
 * shop has enough history a year back.
 */

const DAY_MS = 86_400_000
/** 52 weeks: the same weekdays a year earlier. */
const YEAR_DAYS = 364

/** Settings of {@link createSeasonality}. */
export interface SeasonOptions {
  /** Width (days) of the window a year back, centred on the same day. */
  windowDays: number
  /** The months around it the window is compared with: ± this many days (window excluded). */
  aroundDays: number
  /** Pseudo-shipments with no anomaly the window's mean is shrunk with. */
  priorWeight: number
  /** Fewer shipments than this in the window (or around it): no seasonal term. */
  minWeight: number
}

/** A learner of the yearly season; see the module comment. */
export interface Seasonality {
  /** Count a delivered shipment's residual (log time minus the lane and feature prediction). */
  add(startMs: number, residual: number): void
  /** The log-time anomaly for shipments starting at `startMs` (0 without a year of history). */
  at(startMs: number): number
}

/**
 * @example
 * const season = createSeasonality({ windowDays: 14, aroundDays: 60, priorWeight: 50, minWeight: 30 })
 * season.add(Date.parse('2025-11-28T12:00:00Z'), 0.6)
 * season.at(Date.parse('2026-11-27T12:00:00Z')) // > 0 once enough of last year's peak is in
 */
export function createSeasonality(o: SeasonOptions): Seasonality {
  const days = new Map<number, { n: number; sum: number }>()
  const keep = YEAR_DAYS + o.aroundDays + o.windowDays + 7
  let latest = Number.NEGATIVE_INFINITY
  const half = Math.floor(o.windowDays / 2)
  const sum = (from: number, to: number) => {
    let n = 0
    let total = 0
    for (let d = from; d <= to; d++) {
      const bucket = days.get(d)
      if (bucket) {
        n += bucket.n
        total += bucket.sum
      }
    }
    return { n, total }
  }
  return {
    add(startMs, residual) {
      if (!Number.isFinite(residual)) return
      const day = Math.floor(startMs / DAY_MS)
      const bucket = days.get(day) ?? { n: 0, sum: 0 }
      bucket.n++
      bucket.sum += residual
      days.set(day, bucket)
      if (day > latest) {
        latest = day
        for (const d of days.keys()) if (d < latest - keep) days.delete(d)
      }
    },
    at(startMs) {
      const center = Math.floor(startMs / DAY_MS) - YEAR_DAYS
      const window = sum(center - half, center + half)
      const before = sum(center - o.aroundDays, center - half - 1)
      const after = sum(center + half + 1, center + o.aroundDays)
      const aroundN = before.n + after.n
      if (window.n < o.minWeight || aroundN < o.minWeight) return 0
      const anomaly = window.total / window.n - (before.total + after.total) / aroundN
      return (anomaly * window.n) / (window.n + o.priorWeight)
    },
  }
}
