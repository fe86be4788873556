/**
 * Lane baselines: the recency-weighted mean log transit time per lane, shrunk towards coarser
 * levels so a sparse lane borrows from its region, carrier and finally all deliveries.
 */
import { createDecayClock, type DecayClock } from './decay.ts'
import type { LaneQuery } from './types.ts'

/** One level of the fallback chain, most specific first; `key` is `null` when the lane lacks the fields. */
export interface LaneLevel {
  name: string
  key: (lane: LaneQuery) => string | null
}

const part = (v: string | null | undefined) => v ?? ''

/**
 * The fallback chain: lane+area → lane → carrier+service+region → carrier+region → carrier → global.
 * @example LANE_LEVELS.map((l) => l.key({ carrier: 'ups', service: null, originRegion: 'SP', destinationRegion: 'RJ' }))
 */
export const LANE_LEVELS: readonly LaneLevel[] = [
  {
    name: 'lane_area',
    key: (l) =>
      l.destinationArea == null || l.originRegion == null || l.destinationRegion == null
        ? null
        : `${l.carrier}|${part(l.service)}|${l.originRegion}|${l.destinationRegion}|${l.destinationArea}`,
  },
  {
    name: 'lane',
    key: (l) =>
      l.originRegion == null || l.destinationRegion == null
        ? null
        : `${l.carrier}|${part(l.service)}|${l.originRegion}|${l.destinationRegion}`,
  },
  {
    name: 'carrier_service_region',
    key: (l) =>
      l.service == null || l.destinationRegion == null
        ? null
        : `${l.carrier}|${l.service}|${l.destinationRegion}`,
  },
  {
    name: 'carrier_region',
    key: (l) => (l.destinationRegion == null ? null : `${l.carrier}|${l.destinationRegion}`),
  },
  { name: 'carrier', key: (l) => l.carrier },
  { name: 'global', key: () => '' },
]

interface Sums {
  w: number
  wy: number
}

/** What a lane's baseline says. */
export interface LaneBaseline {
  /** Shrunk mean log transit time. */
  mean: number
  /** Most specific level holding at least `priorWeight` of recent weight. */
  level: string
  /** Recency-weighted number of deliveries at that level. */
  weight: number
}

/** Lane statistics with shrinkage; see {@link createLaneStats}. */
export interface LaneStats {
  add(lane: LaneQuery, y: number, atMs: number): void
  baseline(lane: LaneQuery, nowMs: number): LaneBaseline | null
}

/**
 * @param halfLifeDays recency half-life of the lane means
 * @param priorWeight pseudo-count pulling a level's mean towards its parent's
 * @example
 * const stats = createLaneStats(60, 8)
 * stats.add(lane, Math.log(6), Date.parse('2017-09-01T12:00:00Z'))
 * stats.baseline(lane, Date.now())?.mean
 */
export function createLaneStats(halfLifeDays: number, priorWeight: number): LaneStats {
  const sums = new Map<string, Sums>()
  const clock: DecayClock = createDecayClock(halfLifeDays, (f) => {
    for (const s of sums.values()) {
      s.w *= f
      s.wy *= f
    }
  })
  const keysOf = (lane: LaneQuery) =>
    LANE_LEVELS.map((level) => ({ level, key: level.key(lane) })).filter((x) => x.key !== null)

  return {
    add(lane, y, atMs) {
      const w = clock.storeWeight(atMs)
      for (const { level, key } of keysOf(lane)) {
        const id = `${level.name}:${key}`
        const s = sums.get(id) ?? { w: 0, wy: 0 }
        s.w += w
        s.wy += w * y
        sums.set(id, s)
      }
    },
    baseline(lane, nowMs) {
      const factor = clock.readFactor(nowMs)
      let mean: number | null = null
      let found: { level: string; weight: number } | null = null
      for (const { level, key } of keysOf(lane).reverse()) {
        const s = sums.get(`${level.name}:${key}`)
        if (!s || s.w === 0) continue
        const w = s.w * factor
        mean = mean === null ? s.wy / s.w : (s.wy * factor + priorWeight * mean) / (w + priorWeight)
        if (w >= priorWeight || found === null) found = { level: level.name, weight: w }
      }
      return mean === null || found === null ? null : { mean, ...found }
    },
  }
}
