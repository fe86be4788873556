import { TERMINAL_STATUSES } from '../../domain/status.ts'
import { WismoError } from '../../errors.ts'
import type { OutboxStats, WismoStore } from '../contract.ts'
import type { OpsMethods } from '../ops.ts'

/** The store methods that make up the outbox and the poll schedule. */
export type QueueMethodName =
  | 'enqueue'
  | 'claimOutbox'
  | 'renewOutboxLease'
  | 'completeOutbox'
  | 'failOutbox'
  | 'noteOutbox'
  | 'listOutbox'
  | 'schedulePoll'
  | 'claimDuePolls'
  | 'completePoll'

/** The outbox and poll-schedule half of a store. */
export type QueueMethods = Pick<WismoStore, QueueMethodName>

/** The calls a worker runtime makes about the queue as a whole: give back leases, read the backlog. */
export type RuntimeMethodName = 'releaseLeases' | 'outboxStats'
/** The runtime's half of the queue (see {@link RuntimeMethodName}). */
export type RuntimeMethods = Pick<WismoStore, RuntimeMethodName>

/** Orders, shipments, the commit, history, preferences and statistics: the rest of a store. */
export type ShipmentMethods = Omit<
  WismoStore,
  'id' | 'close' | 'takeTokens' | LabelMethodName | QueueMethodName | RuntimeMethodName | keyof OpsMethods
>

/** The rate-budget half of a store: token buckets shared by every process on it. */
export type BucketMethods = Pick<WismoStore, 'takeTokens'>

export type LabelMethodName = 'claimLabelRequest' | 'saveLabelRequest' | 'getLabelRequest'
/** The label-request methods (`createShipment`'s request rows). */
export type LabelMethods = Pick<WismoStore, LabelMethodName>

/** Terminal statuses as a SQL list body (`'delivered', …`); a due poll is never one of them. */
export const TERMINAL_SQL: string = TERMINAL_STATUSES.map((s) => `'${s}'`).join(', ')

/** An ISO instant as its ms sort key (`null` stays `null`). */
export const instantMs = (at: string | null): number | null => (at === null ? null : Date.parse(at))

/**
 * Comparator putting claimed rows in claim order (`[ms, id]` ascending): `UPDATE … RETURNING`
 * does not promise an order.
 */
export const byKey =
  <R>(key: (r: R) => [number, string]) =>
  (a: R, b: R): number => {
    const [x, y] = [key(a), key(b)]
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)
  }

/** The longest `last_error` kept for a failed outbox row. */
export const lastErrorText = (error: string): string => error.slice(0, 2000)

/**
 * How many attempts `failOutbox` takes back: 1 for a retry whose hand-out tried nothing
 * (`countAttempt: false`), else 0 (a dead row keeps its count).
 * @example const refund = attemptRefund({ retryAt: '2026-03-02T10:00:00Z', countAttempt: false }) // 1
 */
export const attemptRefund = (input: { retryAt: string | null; countAttempt?: boolean }): 0 | 1 =>
  input.retryAt !== null && input.countAttempt === false ? 1 : 0

/**
 * Why a leased outbox write changed nothing: the row is gone (`STORE_NOT_FOUND`) or another
 * worker's lease (or none) holds it (`STORE_LEASE_LOST`).
 */
export function outboxLeaseError(id: string, workerId: string, exists: boolean): WismoError {
  if (!exists) return new WismoError('STORE_NOT_FOUND', 'No such outbox row')
  return new WismoError('STORE_LEASE_LOST', `Outbox row ${id} is no longer leased by ${workerId}`)
}

/**
 * The `lastError` of a row given up at claim after `attempts` hand-outs with no outcome recorded
 * (see `OutboxClaimOptions.maxAttempts`).
 */
export const abandonedText = (attempts: number | string): string =>
  `OUTBOX_ABANDONED: handed out ${attempts} times and no outcome recorded (the worker stopped or stalled past its lease each time); given up`

/** {@link abandonedText} as a SQL expression over the row's `attempts` column (SQLite and PostgreSQL). */
export const ABANDONED_SQL: string = `'${abandonedText("' || attempts || '")}'`

/** `completePoll` changed nothing: this worker does not hold the poll's lease. */
export const pollLeaseLost = (shipmentId: string, workerId: string): WismoError =>
  new WismoError('STORE_LEASE_LOST', `Poll of ${shipmentId} is not leased by ${workerId}`)

/** Whether a topic passes a claim's `topics` filter (the memory store; SQL stores say it in SQL). */
export function topicPasses(
  topic: string,
  topics: { prefix: string; exclude?: boolean } | undefined,
): boolean {
  if (!topics) return true
  return topic.startsWith(topics.prefix) !== (topics.exclude === true)
}

/**
 * `outboxStats`'s `now` in epoch ms. `INPUT_INVALID` when it is not an instant: a health check
 * must not read an unreadable clock as "nothing has waited".
 */
export function statsNowMs(now: string): number {
  const ms = Date.parse(now)
  if (Number.isNaN(ms))
    throw new WismoError('INPUT_INVALID', 'outboxStats: now is not an ISO instant', {
      details: { field: 'now' },
    })
  return ms
}

/**
 * `outboxStats`'s answer from what a SQL store read: the pending count and the stored
 * `available_at` text of the oldest available row (`null` when none), aged against `now`.
 */
export function outboxStatsOf(depth: unknown, oldest: unknown, now: string): OutboxStats {
  const oldestAvailableAt = oldest === null || oldest === undefined ? null : String(oldest)
  const age = oldestAvailableAt === null ? 0 : Date.parse(now) - Date.parse(oldestAvailableAt)
  return { depth: Number(depth), oldestAvailableAt, oldestAgeMs: Math.max(0, age) }
}
