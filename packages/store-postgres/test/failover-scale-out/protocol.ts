/** Messages between the failover proof and its worker processes (over the fork IPC channel), and the script both follow. */

export const HOUR = 3_600_000
/** The logical clock's start; round `r` runs at `T0 + r` hours (scans below all happened before it). */
export const T0 = Date.parse('2026-03-09T11:00:00Z')
/** Consecutive failed calls that open a breaker. */
export const FAILURES = 2
/** Half-open after 30 logical minutes: each round (one logical hour later) lets one probe through. */
export const HALF_OPEN_AFTER_MS = 30 * 60_000

export const PRIMARY = 'primary'
export const AGGREGATOR = 'aggregator'

/** What the fake API serves: the primary healthy or down, and the scans each path knows by now. */
export type Phase = 'healthy' | 'outage' | 'recovered'

export interface Scan {
  code: string
  text: string
  at: string
}

/** The parcel's scans, as the carrier records them; the aggregator relays the same raw events. */
export const SCANS: readonly Scan[] = [
  { code: 'PU', text: 'Picked up', at: '2026-03-09T08:00:00Z' },
  { code: 'AR', text: 'Arrived at hub', at: '2026-03-09T09:00:00Z' },
  { code: 'OD', text: 'Out for delivery', at: '2026-03-09T10:00:00Z' },
]

/** Scans known in each phase: one while healthy, a second arrives during the outage, a third after it. */
export const KNOWN: Record<Phase, number> = { healthy: 1, outage: 2, recovered: 3 }

/** The worker's own view of its primary breaker, from core's log lines (core exposes no state accessor). */
export type BreakerView = 'closed' | 'open'

export interface FailoverWorkerConfig {
  url: string
  schema: string
  workerId: string
  /** The fake carrier API on loopback. */
  baseUrl: string
}

export type ToFailoverWorker =
  | { type: 'start'; config: FailoverWorkerConfig }
  /** Set the clock to `at` (epoch ms) and poll until nothing is due. */
  | { type: 'round'; round: number; at: number }
  | { type: 'stop' }

export interface RoundReport {
  workerId: string
  round: number
  /** Shipments this worker claimed, tracked and failed in the round. */
  claimed: number
  tracked: number
  failed: number
  /** Its primary breaker as its log last said, at the end of the round. */
  breaker: BreakerView
  /** Times its primary breaker opened / closed again so far. */
  opened: number
  closed: number
}

export type FromFailoverWorker =
  | { type: 'ready' }
  | { type: 'idle'; report: RoundReport }
  | { type: 'failed'; error: string }
