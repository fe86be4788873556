/**
 * A structural congestion factor from Little's law: mean time in system W = L / λ, with L the
 * shipments in flight now (tracked, not yet delivered: censored information, no outcome needed)
 * and λ the deliveries completed per day over a recent window. The current W against its own
 * long-run level (a recency-weighted median of past hourly samples) gives a factor c: when orders
 * surge, L jumps at once while λ is capped, so c rises at purchase time, before any slow parcel
 * has completed. Only counts up to `nowMs` are read, so it never looks ahead.
 */

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** Hourly samples needed before the baseline is trusted (about two days of activity). */
const MIN_SAMPLES = 48
/** |log c| is clipped to this (a factor between 1/3 and 3). */
const CLIP = Math.log(3)

/** Options of {@link createQueueCongestion}. */
export interface QueueCongestionOptions {
  /** Window (days) over which the throughput λ is counted. */
  throughputDays: number
  /** Window (days) of past W samples whose recency-weighted median is the baseline (half-life: half of it). */
  baselineDays: number
}

/** Little's-law congestion; see {@link createQueueCongestion}. */
export interface QueueCongestion {
  /** Count one delivery completed at `ms` (times in non-decreasing order). */
  deliver(ms: number): void
  /**
   * log c at `nowMs` given `inFlight` shipments in the system now, and record this hour's sample
   * of W for later baselines. 0 (factor 1) while a window is empty or the history is too short.
   */
  observe(nowMs: number, inFlight: number): number
}

/**
 * @example
 * const queue = createQueueCongestion({ throughputDays: 7, baselineDays: 60 })
 * queue.deliver(deliveredMs)              // on every delivery
 * const logC = queue.observe(nowMs, 120)  // 120 parcels in flight now: log(W / W_base)
 */
export function createQueueCongestion(o: QueueCongestionOptions): QueueCongestion {
  const deliveries: number[] = []
  let head = 0
  let firstDelivery: number | null = null
  const samples: Array<{ hour: number; w: number }> = []
  let cachedBase: { hour: number; value: number | null } | null = null

  /** Deliveries per day over (nowMs − window, nowMs]; `null` before a whole window was seen. */
  const throughput = (nowMs: number): number | null => {
    while (head < deliveries.length && (deliveries[head] as number) <= nowMs - o.throughputDays * DAY_MS)
      head++
    if (head > 4096) {
      deliveries.splice(0, head)
      head = 0
    }
    if (firstDelivery === null || nowMs - firstDelivery < o.throughputDays * DAY_MS) return null
    let n = deliveries.length - head
    while (n > 0 && (deliveries[head + n - 1] as number) > nowMs) n--
    return n / o.throughputDays
  }

  /** Recency-weighted median of the samples of earlier hours within the baseline window. */
  const baseline = (hour: number): number | null => {
    if (cachedBase?.hour === hour) return cachedBase.value
    const from = hour - o.baselineDays * 24
    while (samples.length > 0 && (samples[0]?.hour as number) < from) samples.shift()
    const past = samples.filter((s) => s.hour < hour)
    let value: number | null = null
    if (past.length >= MIN_SAMPLES) {
      const halfLifeHours = (o.baselineDays * 24) / 2
      const weighted = past
        .map((s) => ({ w: s.w, weight: 2 ** (-(hour - s.hour) / halfLifeHours) }))
        .sort((a, b) => a.w - b.w)
      const total = weighted.reduce((sum, s) => sum + s.weight, 0)
      let acc = 0
      for (const s of weighted) {
        acc += s.weight
        if (acc >= total / 2) {
          value = s.w
          break
        }
      }
    }
    cachedBase = { hour, value }
    return value
  }

  return {
    deliver(ms) {
      firstDelivery ??= ms
      deliveries.push(ms)
    },
    observe(nowMs, inFlight) {
      const lambda = throughput(nowMs)
      if (lambda === null || lambda <= 0 || inFlight <= 0) return 0
      const w = inFlight / lambda
      const hour = Math.floor(nowMs / HOUR_MS)
      const base = baseline(hour)
      const last = samples[samples.length - 1]
      if (last?.hour === hour) last.w = w
      else if (last === undefined || last.hour < hour) samples.push({ hour, w })
      if (base === null || base <= 0) return 0
      return Math.max(-CLIP, Math.min(CLIP, Math.log(w / base)))
    },
  }
}
