/**
 * How much slower (or faster) shipments are right now than usual: the log-time shift δ that best
 * explains recent observations under the long-run residual distribution. Recent in-flight
 * shipments count through their waiting time so far (censored likelihood), which is what lets the
 * model see a peak before the slow parcels are delivered.
 */
import { GRID, type GridDistribution, smoothMass } from './km.ts'

const MAX_SHIFT_BINS = 20
const FLOOR = 1e-6

/** Options of {@link fitShift}. */
export interface ShiftFitOptions {
  /** Standard deviation of the Gaussian prior on δ (log units): how far a shift may go on little data. */
  priorSd: number
}

/**
 * Maximum a-posteriori shift δ (log units) of recent binned events/censorings against `baseline`.
 * @example
 * const delta = fitShift(longRun, recentEvents, recentCensored, { priorSd: 0.3 }) // 0.1 ≈ 10 % slower
 */
export function fitShift(
  baseline: GridDistribution,
  events: ArrayLike<number>,
  censored: ArrayLike<number>,
  options: ShiftFitOptions,
): number {
  const density = smoothMass(baseline.mass)
  const score = (k: number) =>
    logLikelihood(density, baseline.survival, events, censored, k) - prior(k, options.priorSd)
  let best = 0
  let bestScore = score(0)
  const scores = new Map<number, number>([[0, bestScore]])
  for (let k = -MAX_SHIFT_BINS; k <= MAX_SHIFT_BINS; k++) {
    if (k === 0) continue
    const s = score(k)
    scores.set(k, s)
    if (s > bestScore) [best, bestScore] = [k, s]
  }
  return (best + parabolaOffset(scores.get(best - 1), bestScore, scores.get(best + 1))) * GRID.width
}

function logLikelihood(
  density: Float64Array,
  survival: Float64Array,
  events: ArrayLike<number>,
  censored: ArrayLike<number>,
  k: number,
): number {
  let total = 0
  for (let b = 0; b < GRID.bins; b++) {
    const j = b - k
    const e = events[b] ?? 0
    const c = censored[b] ?? 0
    if (e > 0) total += e * Math.log(Math.max(FLOOR, density[clamp(j)] as number))
    if (c > 0) total += c * Math.log(j <= 0 ? 1 : Math.max(FLOOR, survival[Math.min(j, GRID.bins)] as number))
  }
  return total
}

function prior(k: number, sd: number): number {
  const delta = k * GRID.width
  return (delta * delta) / (2 * sd * sd)
}

function parabolaOffset(left: number | undefined, mid: number, right: number | undefined): number {
  if (left === undefined || right === undefined) return 0
  const curvature = left - 2 * mid + right
  if (curvature >= 0) return 0
  return Math.max(-0.5, Math.min(0.5, (left - right) / (2 * curvature)))
}

function clamp(b: number): number {
  return Math.min(GRID.bins - 1, Math.max(0, b))
}
