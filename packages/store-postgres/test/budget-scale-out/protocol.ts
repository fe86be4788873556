/** Messages between the rate-budget proof and its worker processes (over the fork IPC channel). */
import type { CarrierBudget } from '@wismo/core'

export interface BudgetWorkerConfig {
  url: string
  schema: string
  workerId: string
  /** The fake carrier API on loopback. */
  baseUrl: string
  budget: CarrierBudget
}

/** `go`: start calling at `t0` (epoch ms, this machine's clock) for `windows` windows of `budget.perMs`. */
export type ToBudgetWorker =
  | { type: 'start'; config: BudgetWorkerConfig }
  | { type: 'go'; t0: number; windows: number }

export interface BudgetWorkerStats {
  workerId: string
  /** Calls that went out, by window. */
  sent: number[]
  /** Calls refused by the budget (`CARRIER_RATE_LIMITED`) before any request. */
  refused: number
  /** The instant (ms after `t0`) each granted token was taken at, as the store saw it. */
  grantedAt: number[]
}

export type FromBudgetWorker =
  | { type: 'ready' }
  | { type: 'done'; stats: BudgetWorkerStats }
  | { type: 'failed'; error: string }
