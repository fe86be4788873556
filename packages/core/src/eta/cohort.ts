/**
 * The recent cohort: a Kaplan–Meier estimate of the residual distribution of shipments that
 * started recently (delivered ones as events, in-flight ones censored at their waiting time so
 * far), blended bin by bin with the long-run distribution. Each bin's hazard is
 *
 *   h(b) = (recent events in b + k · long-run hazard in b) / (recent at risk in b + k)
 *
 * so the long run acts as `k` pseudo-shipments at risk in every bin: where the recent cohort has
 * many shipments at risk (the early bins, which it has already lived through) it dominates; where
 * it has few (the tail it has not reached yet) the long-run hazard takes over. This reacts to a
 * peak while its slow parcels are still in flight, and an empty cohort gives back the long run.
 */
import { createDecayClock, recencyWeight } from './decay.ts'
import { binOf, GRID, type GridDistribution, productLimit } from './km.ts'

/**
 * Hazard-blended Kaplan–Meier of a recent cohort against a long-run prior distribution.
 * @param prior the long-run distribution (its hazards fill in where the cohort is thin)
 * @param events recent delivered weight per grid bin
 * @param censored recent in-flight weight per grid bin (has waited at least to this bin)
 * @param priorWeight `k`: pseudo-shipments at risk the prior counts for in every bin (≥ 0; with 0
 *   this is the plain Kaplan–Meier of the cohort, using the prior only where nobody is at risk)
 * @example
 * const now = blendedKaplanMeier(longRun, recentEvents, recentCensored, 30)
 * gridQuantile(now, 0.5) // the current median residual
 */
export function blendedKaplanMeier(
  prior: GridDistribution,
  events: ArrayLike<number>,
  censored: ArrayLike<number>,
  priorWeight: number,
): GridDistribution {
  return productLimit(events, censored, (b, e, atRisk) => {
    const priorHazard = priorHazardAt(prior, b)
    const denominator = atRisk + priorWeight
    return atRisk > 0 && denominator > 0 ? (e + priorWeight * priorHazard) / denominator : priorHazard
  })
}

/** The prior's hazard in bin b: its mass there over its survival at the bin's lower edge. */
function priorHazardAt(prior: GridDistribution, b: number): number {
  const atRisk = prior.survival[b] as number
  return atRisk > 1e-12 ? Math.min(1, (prior.mass[b] as number) / atRisk) : 1
}

/** A shipment of the recent cohort still in flight: its lane key, start and residual so far. */
export interface CohortMember {
  lane: string | null
  startMs: number
  residual: number
}

/** Recent cohorts, overall and per coarse lane; see {@link createRecentCohort}. */
export interface RecentCohort {
  /** Count one delivery (an event) of a shipment started at `startMs`. */
  add(lane: string | null, residual: number, startMs: number): void
  /**
   * The current distributions at `nowMs`: the overall cohort blended into `longRun`, and for a
   * lane key its own cohort blended into that overall one (cached per key).
   */
  fit(longRun: GridDistribution, inFlight: Iterable<CohortMember>, nowMs: number): CohortFit
}

/** What {@link RecentCohort.fit} answers. */
export interface CohortFit {
  overall: GridDistribution
  forLane(lane: string | null): GridDistribution
}

/**
 * @param halfLifeDays recency half-life by start time (the cohort's window)
 * @param priorWeight `k` of {@link blendedKaplanMeier}, at both levels
 * @param byLane keep per-lane cohorts too
 * @example
 * const cohort = createRecentCohort(5, 100, true)
 * cohort.add('SP', 0.1, startMs)
 * cohort.fit(longRun, inFlight, nowMs).forLane('SP')
 */
export function createRecentCohort(halfLifeDays: number, priorWeight: number, byLane: boolean): RecentCohort {
  const all = new Float64Array(GRID.bins)
  const lanes = new Map<string, Float64Array>()
  const clock = createDecayClock(halfLifeDays, (f) => {
    for (const a of [all, ...lanes.values()]) for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * f
  })
  const bump = (a: Float64Array, bin: number, w: number) => {
    a[bin] = (a[bin] as number) + w
  }
  return {
    add(lane, residual, startMs) {
      const w = clock.storeWeight(startMs)
      bump(all, binOf(residual), w)
      if (!byLane || lane === null) return
      const a = lanes.get(lane) ?? new Float64Array(GRID.bins)
      lanes.set(lane, a)
      bump(a, binOf(residual), w)
    },
    fit(longRun, inFlight, nowMs) {
      const censored = new Float64Array(GRID.bins)
      const laneCensored = new Map<string, Float64Array>()
      for (const m of inFlight) {
        const w = recencyWeight(m.startMs, nowMs, halfLifeDays)
        bump(censored, binOf(m.residual), w)
        if (!byLane || m.lane === null) continue
        const a = laneCensored.get(m.lane) ?? new Float64Array(GRID.bins)
        laneCensored.set(m.lane, a)
        bump(a, binOf(m.residual), w)
      }
      const factor = clock.readFactor(nowMs)
      const read = (a: Float64Array | undefined) => (a ?? new Float64Array(GRID.bins)).map((v) => v * factor)
      const overall = blendedKaplanMeier(longRun, read(all), censored, priorWeight)
      const cache = new Map<string, GridDistribution>()
      const forLane = (lane: string | null) => {
        const events = lane === null ? undefined : lanes.get(lane)
        const waiting = lane === null ? undefined : laneCensored.get(lane)
        if (lane === null || (events === undefined && waiting === undefined)) return overall
        const known = cache.get(lane)
        if (known) return known
        const d = blendedKaplanMeier(
          overall,
          read(events),
          waiting ?? new Float64Array(GRID.bins),
          priorWeight,
        )
        cache.set(lane, d)
        return d
      }
      return { overall, forLane }
    },
  }
}
