/**
 * Usual silence between scans, per lane level and milestone: a recency-weighted histogram of
 * log-hours, so the stall detector can ask "how long does this lane usually go without a scan
 * while in_transit?" at a high quantile.
 */
import { createDecayClock } from './decay.ts'
import { LANE_LEVELS } from './lanes.ts'
import type { LaneQuery } from './types.ts'

const LOW = -2
const STEP = 0.25
const BINS = 56

/** Gap statistics; see {@link createGapStats}. */
export interface GapStats {
  add(lane: LaneQuery, milestone: string, hours: number, atMs: number): void
  /** The q-quantile gap in hours at the most specific level with `minWeight` of recent data, else null. */
  quantile(
    lane: LaneQuery,
    milestone: string,
    q: number,
    nowMs: number,
  ): { hours: number; level: string } | null
}

/**
 * @example
 * const gaps = createGapStats(60, 10)
 * gaps.add(lane, 'in_transit', 30, Date.now())
 * gaps.quantile(lane, 'in_transit', 0.95, Date.now())
 */
export function createGapStats(halfLifeDays: number, minWeight: number): GapStats {
  const hist = new Map<string, Float64Array>()
  const clock = createDecayClock(halfLifeDays, (f) => {
    for (const h of hist.values()) for (let i = 0; i < h.length; i++) h[i] = (h[i] as number) * f
  })
  const ids = (lane: LaneQuery, milestone: string) =>
    LANE_LEVELS.flatMap((level) => {
      const key = level.key(lane)
      return key === null ? [] : [{ level: level.name, id: `${milestone}|${level.name}:${key}` }]
    })

  return {
    add(lane, milestone, hours, atMs) {
      if (!(hours > 0) || !Number.isFinite(hours)) return
      const bin = Math.min(BINS - 1, Math.max(0, Math.floor((Math.log2(hours) - LOW) / STEP)))
      const w = clock.storeWeight(atMs)
      for (const { id } of ids(lane, milestone)) {
        const h = hist.get(id) ?? new Float64Array(BINS)
        h[bin] = (h[bin] as number) + w
        hist.set(id, h)
      }
    },
    quantile(lane, milestone, q, nowMs) {
      const factor = clock.readFactor(nowMs)
      for (const { level, id } of ids(lane, milestone)) {
        const h = hist.get(id)
        const total = h ? h.reduce((a, b) => a + b, 0) : 0
        if (h && total * factor >= minWeight) return { hours: histogramQuantile(h, total, q), level }
      }
      return null
    },
  }
}

function histogramQuantile(h: Float64Array, total: number, q: number): number {
  let cumulative = 0
  for (let b = 0; b < BINS; b++) {
    const m = (h[b] as number) / total
    if (m > 0 && cumulative + m >= q) return 2 ** (LOW + (b + (q - cumulative) / m) * STEP)
    cumulative += m
  }
  return 2 ** (LOW + BINS * STEP)
}
