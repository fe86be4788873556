/**
 * A weighted Kaplan–Meier estimator on a fixed grid of log-time residuals. Delivered observations
 * are events; shipments still in flight are right-censored ("has waited at least this long").
 * Fixed bins keep memory bounded however many deliveries a shop has.
 */

/** The residual grid: bins of `width` from `low`. */
export const GRID = { low: -3, width: 0.05, bins: 120 } as const

/**
 * Grid bin of a residual (clamped to the grid).
 * @example binOf(0) // 60
 */
export function binOf(residual: number): number {
  const b = Math.floor((residual - GRID.low) / GRID.width)
  return Math.min(GRID.bins - 1, Math.max(0, b))
}

/** A fitted distribution on the grid. */
export interface GridDistribution {
  /** Probability mass of each bin. */
  mass: Float64Array
  /** P(X ≥ lower edge of bin b), for b = 0..bins (the last entry is the tail beyond the grid). */
  survival: Float64Array
  /** Sum of event and censored weights it was fitted from. */
  weight: number
}

/**
 * Kaplan–Meier from binned event and censored weights. Censored weight in bin b counts as at risk
 * in b. Mass left after the last event (shipments still waiting beyond every delivery seen) is put
 * in the bin of the longest observation, as if it ended there (Efron's convention): "at least as
 * long as the longest wait seen", never an arbitrary grid end.
 * @example
 * const d = kaplanMeier(events, censored)
 * gridQuantile(d, 0.5)
 */
export function kaplanMeier(events: ArrayLike<number>, censored: ArrayLike<number>): GridDistribution {
  return productLimit(events, censored, (_b, e, atRisk) => (atRisk > 0 ? e / atRisk : 0))
}

/**
 * The product-limit loop behind every Kaplan–Meier variant here: walk the bins, take `hazard` of
 * each (from the bin, its event weight and the weight still at risk), and turn the survival curve
 * into bin masses. Mass left after the last bin goes into the last bin holding any observation
 * (the grid's last bin when there is none).
 * @example productLimit(events, censored, (_b, e, atRisk) => (atRisk > 0 ? e / atRisk : 0))
 */
export function productLimit(
  events: ArrayLike<number>,
  censored: ArrayLike<number>,
  hazard: (bin: number, events: number, atRisk: number) => number,
): GridDistribution {
  const n = GRID.bins
  const mass = new Float64Array(n)
  const survival = new Float64Array(n + 1)
  let atRisk = 0
  for (let b = 0; b < n; b++) atRisk += (events[b] ?? 0) + (censored[b] ?? 0)
  const weight = atRisk
  let s = 1
  let longest = n - 1
  for (let b = 0; b < n; b++) {
    survival[b] = s
    const e = events[b] ?? 0
    mass[b] = s * Math.min(1, hazard(b, e, atRisk))
    s -= mass[b] as number
    if (e + (censored[b] ?? 0) > 0) longest = b
    atRisk = Math.max(0, atRisk - e - (censored[b] ?? 0))
  }
  mass[longest] = (mass[longest] as number) + s
  for (let b = longest + 1; b <= n; b++) survival[b] = 0
  return { mass, survival, weight }
}

/**
 * The q-quantile of a grid distribution, linear inside a bin.
 * @example gridQuantile(d, 0.9)
 */
export function gridQuantile(d: GridDistribution, q: number): number {
  let cumulative = 0
  for (let b = 0; b < GRID.bins; b++) {
    const m = d.mass[b] as number
    if (m > 0 && cumulative + m >= q) return GRID.low + (b + (q - cumulative) / m) * GRID.width
    cumulative += m
  }
  return GRID.low + GRID.bins * GRID.width
}

/**
 * P(X > x) for a grid distribution, linear inside a bin.
 * @example gridSurvival(d, 0.2)
 */
export function gridSurvival(d: GridDistribution, x: number): number {
  const position = (x - GRID.low) / GRID.width
  if (position <= 0) return 1
  if (position >= GRID.bins) return 0
  const b = Math.floor(position)
  return (d.survival[b] as number) - (d.mass[b] as number) * (position - b)
}

/**
 * Smooth a distribution's masses with a small kernel so the shift fit sees no empty bins.
 * @example const smooth = smoothMass(d.mass)
 */
export function smoothMass(mass: Float64Array): Float64Array {
  const out = new Float64Array(mass.length)
  const kernel = [0.06, 0.24, 0.4, 0.24, 0.06]
  for (let b = 0; b < mass.length; b++) {
    for (let k = -2; k <= 2; k++) {
      const j = Math.min(mass.length - 1, Math.max(0, b + k))
      out[j] = (out[j] as number) + (mass[b] as number) * (kernel[k + 2] as number)
    }
  }
  return out
}
