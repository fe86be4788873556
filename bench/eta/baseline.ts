/**
 * The lane-median baseline: per seller-state → customer-state lane, the empirical quantiles of
 * purchase→delivery and hand-over→delivery days over every delivery seen so far (all of the lane's
 * history, no recency), falling back to all lanes when a lane has fewer than `MIN_LANE` deliveries.
 */
const MIN_LANE = 5

type From = 'purchase' | 'handover'

export interface LaneMedianBaseline {
  learn(lane: string, from: From, days: number): void
  quantile(lane: string, from: From, q: number): number | null
}

export function createLaneMedianBaseline(): LaneMedianBaseline {
  const samples = new Map<string, number[]>()
  const insert = (key: string, v: number) => {
    const list = samples.get(key) ?? []
    let [lo, hi] = [0, list.length]
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((list[mid] as number) <= v) lo = mid + 1
      else hi = mid
    }
    list.splice(lo, 0, v)
    samples.set(key, list)
  }
  return {
    learn(lane, from, days) {
      insert(`${from}|${lane}`, days)
      insert(`${from}|*`, days)
    },
    quantile(lane, from, q) {
      const own = samples.get(`${from}|${lane}`)
      const list = own && own.length >= MIN_LANE ? own : samples.get(`${from}|*`)
      return list && list.length > 0 ? sortedQuantile(list, q) : null
    },
  }
}

function sortedQuantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q
  const i = Math.floor(position)
  const low = sorted[i] as number
  return low + ((sorted[Math.min(i + 1, sorted.length - 1)] as number) - low) * (position - i)
}

/**
 * The seller's usual handling time (median purchase → hand-over days of its last 20 hand-overs),
 * a feature a shop knows about its own sellers. Learned at each hand-over, as it happens.
 */
export function createSellerHandling(): {
  learn(seller: string | null, days: number): void
  typical(seller: string | null): number | null
} {
  const recent = new Map<string, number[]>()
  return {
    learn(seller, days) {
      if (seller === null) return
      recent.set(seller, [...(recent.get(seller) ?? []), days].slice(-20))
    },
    typical(seller) {
      const list = seller === null ? undefined : recent.get(seller)
      return list && list.length >= 2
        ? sortedQuantile(
            [...list].sort((a, b) => a - b),
            0.5,
          )
        : null
    },
  }
}
