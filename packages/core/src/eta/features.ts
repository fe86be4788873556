/**
 * Shipment features a shop knows at purchase or hand-over time (handling time, distance, weight,
 * size, freight paid), fitted as a recency-weighted ridge regression on what the lane baseline
 * leaves unexplained. Missing values count as the running mean, so they move nothing.
 */
import { createDecayClock } from './decay.ts'
import type { LaneQuery } from './types.ts'

/** One numeric feature: where it comes from and how it is scaled. Data, so adding one is one row. */
export interface FeatureSpec {
  name: string
  read: (lane: LaneQuery) => number | null | undefined
  transform: (value: number) => number
}

const log1p = (v: number) => Math.log1p(Math.max(0, v))

/**
 * The features the model uses, all on a log scale.
 * @example FEATURES.map((f) => f.name) // ['handlingDays', 'distanceKm', 'weightKg', 'volumeCm3', 'freight', 'congestion']
 */
export const FEATURES: readonly FeatureSpec[] = [
  { name: 'handlingDays', read: (l) => l.handlingDays, transform: log1p },
  { name: 'distanceKm', read: (l) => l.distanceKm, transform: log1p },
  { name: 'weightKg', read: (l) => l.weightKg, transform: log1p },
  { name: 'volumeCm3', read: (l) => l.volumeCm3, transform: (v) => log1p(v / 1000) },
  { name: 'freight', read: (l) => l.freight, transform: log1p },
  { name: 'congestion', read: (l) => l.congestion, transform: (v) => v },
]

/** An online regression; see {@link createFeatureModel}. */
export interface FeatureModel {
  /** Learn that this lane's features came with `target` (log time minus the lane baseline). */
  add(lane: LaneQuery, target: number, atMs: number): void
  /** The fitted correction for a lane's features (0 until there is data). */
  effect(lane: LaneQuery, nowMs: number): number
  /** Coefficients at `nowMs` by feature name (for docs and debugging). */
  coefficients(nowMs: number): Record<string, number>
}

/**
 * @param halfLifeDays recency half-life of the regression's sums
 * @param ridge penalty on coefficients, in units of deliveries
 * @example
 * const features = createFeatureModel(60, 50)
 * features.add({ carrier: 'c', service: null, originRegion: null, destinationRegion: null, weightKg: 2 }, 0.1, Date.now())
 */
export function createFeatureModel(halfLifeDays: number, ridge: number): FeatureModel {
  const n = FEATURES.length
  const s = { w: 0, x: new Float64Array(n), xx: new Float64Array(n * n), r: 0, xr: new Float64Array(n) }
  const clock = createDecayClock(halfLifeDays, (f) => {
    s.w *= f
    s.r *= f
    for (const a of [s.x, s.xx, s.xr]) for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * f
  })
  let cache: { key: string; beta: Float64Array } | null = null
  let version = 0
  // The sums are stored in a scale that grows with time; the ridge is meant in deliveries "now".
  function betaAt(nowMs: number): Float64Array {
    const factor = clock.readFactor(nowMs)
    const key = `${version}|${Math.round(Math.log2(factor || 1) * 20)}`
    if (cache?.key !== key) cache = { key, beta: solveRidge(s, n, factor > 0 ? ridge / factor : ridge) }
    return cache.beta
  }
  const mean = (i: number) => (s.w > 0 ? (s.x[i] as number) / s.w : 0)
  const vector = (lane: LaneQuery) =>
    FEATURES.map((f, i) => {
      const v = f.read(lane)
      return v == null || !Number.isFinite(v) ? mean(i) : f.transform(v)
    })

  return {
    add(lane, target, atMs) {
      const x = vector(lane)
      const w = clock.storeWeight(atMs)
      s.w += w
      s.r += w * target
      for (let i = 0; i < n; i++) {
        s.x[i] = (s.x[i] as number) + w * (x[i] as number)
        s.xr[i] = (s.xr[i] as number) + w * (x[i] as number) * target
        for (let j = 0; j < n; j++)
          s.xx[i * n + j] = (s.xx[i * n + j] as number) + w * (x[i] as number) * (x[j] as number)
      }
      version++
    },
    effect(lane, nowMs) {
      const beta = betaAt(nowMs)
      const x = vector(lane)
      let total = 0
      for (let i = 0; i < n; i++) total += (beta[i] as number) * ((x[i] as number) - mean(i))
      return total
    },
    coefficients(nowMs) {
      const beta = betaAt(nowMs)
      return Object.fromEntries(FEATURES.map((f, i) => [f.name, beta[i] ?? 0]))
    },
  }
}

interface RegressionSums {
  w: number
  x: Float64Array
  xx: Float64Array
  r: number
  xr: Float64Array
}

/** Centered weighted ridge: (Σw·Cov + λI) β = Σw·Cov(x, r), with sums in a common (stored) scale. */
function solveRidge(s: RegressionSums, n: number, ridge: number): Float64Array {
  if (s.w <= 0) return new Float64Array(n)
  const a: number[][] = []
  for (let i = 0; i < n; i++) {
    const row: number[] = []
    for (let j = 0; j < n; j++) {
      row.push(
        (s.xx[i * n + j] as number) - ((s.x[i] as number) * (s.x[j] as number)) / s.w + (i === j ? ridge : 0),
      )
    }
    row.push((s.xr[i] as number) - ((s.x[i] as number) * s.r) / s.w)
    a.push(row)
  }
  return gaussianElimination(a, n)
}

function gaussianElimination(a: number[][], n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[pivot]?.[c] ?? 0)) pivot = r
    ;[a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]]
    const row = a[c] as number[]
    for (let r = c + 1; r < n; r++) {
      const other = a[r] as number[]
      const factor = (other[c] as number) / (row[c] as number)
      for (let k = c; k <= n; k++) other[k] = (other[k] as number) - factor * (row[k] as number)
    }
  }
  const beta = new Float64Array(n)
  for (let r = n - 1; r >= 0; r--) {
    const row = a[r] as number[]
    let v = row[n] as number
    for (let k = r + 1; k < n; k++) v -= (row[k] as number) * (beta[k] as number)
    beta[r] = v / (row[r] as number)
  }
  return beta
}
