import { z } from 'zod'
import { parseOptions } from '../define/options.ts'
import { WismoError } from '../errors.ts'
import { type Logger, noopLogger } from '../logger.ts'
import type { OutboxRow, WismoStore } from '../store/contract.ts'
import { keepLeases, type LeaseKeeper } from './lease-keeper.ts'
import { lost, type RecordContext, recordFailure, recordSent } from './outbox-record.ts'

/** What a handler returns: the provider's message id, when it gives one. */
export type DispatchResult = { providerMessageId?: string | null } | undefined | void

/** What a handler gets besides the row. */
export interface DispatchContext {
  /**
   * Aborted when this worker stops holding the row (its lease was lost, or the handler ran past
   * `handleTimeoutMs`): pass it to `fetch` so a send nobody will record stops early.
   */
  signal: AbortSignal
}

export interface DispatchOptions {
  /** Unique per process/worker: leases are held in its name. */
  workerId: string
  /**
   * Sends one row; return the provider's message id. Throw a retryable WismoError to retry later.
   * Pass `row.idempotencyKey` to the provider: a row can be handed out again (see `dispatchOutbox`).
   */
  handle: (row: OutboxRow, context: DispatchContext) => Promise<DispatchResult>
  /** Rows per claim (default 50). */
  limit?: number
  /**
   * Aborted: hand out no further row of this batch (the one in hand finishes); the rest stay
   * leased until given back (`store.releaseLeases`, as `wismo.stop` does) or their lease expires.
   */
  signal?: AbortSignal
  /** Lease length (default 60 s); renewed every third of it while the batch is worked through. */
  leaseMs?: number
  /** Hand-outs before a row is marked dead (default 8); counted at claim, so crashes count too. */
  maxAttempts?: number
  /** Delay before attempt n+1 (default: 30 s · 2^(n-1), at most 1 h). */
  backoffMs?: (attempts: number) => number
  /**
   * A handler still running after this long (default 10 min) is given up on: its signal is
   * aborted, its lease no longer renewed (the row is handed out again once it expires), and the
   * pass goes on without it.
   */
  handleTimeoutMs?: number
  /** Retries of a failed `completeOutbox` after a successful send (default 4, over ~4 s). */
  ackRetries?: number
  /**
   * Which rows this pass takes (see `OutboxClaimOptions.topics`). Default: every row but the
   * notification engine's messages (`{ prefix: 'notify.', exclude: true }`), which its own worker sends.
   */
  topics?: { prefix: string; exclude?: boolean }
}

export interface DispatchReport {
  claimed: number
  completed: number
  retried: number
  dead: number
  /**
   * Rows this worker stopped holding before it finished them (lease lost or not confirmable,
   * handler past `handleTimeoutMs`): another worker may own them now, or will after the lease.
   */
  lost: number
  /** Rows whose outcome could not be recorded (store errors): left leased, handed out again after the lease. */
  unrecorded: number
}

const fn = <T>() => z.custom<T>((v) => typeof v === 'function', 'expected a function')
/** Topics of the notification engine's message rows start with this. */
export const NOTIFY_TOPIC_PREFIX = 'notify.'

const DispatchOptionsSchema = z.object({
  workerId: z.string().min(1).max(200),
  handle: fn<DispatchOptions['handle']>(),
  limit: z.number().int().min(1).max(10_000).default(50),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, 'expected an AbortSignal').optional(),
  leaseMs: z.number().int().min(3).default(60_000),
  maxAttempts: z.number().int().min(1).default(8),
  backoffMs: fn<(attempts: number) => number>().optional(),
  handleTimeoutMs: z.number().int().positive().default(600_000),
  ackRetries: z.number().int().min(0).max(20).default(4),
  topics: z
    .object({ prefix: z.string().min(1).max(200), exclude: z.boolean().optional() })
    .strict()
    .default({ prefix: NOTIFY_TOPIC_PREFIX, exclude: true }),
})
type Settings = z.output<typeof DispatchOptionsSchema>

/** Delay before attempt n+1: 30 s · 2^(n-1), at most 1 h (the outbox's default ladder). */
export const defaultBackoff = (attempts: number) =>
  Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1))
const TIMED_OUT = Symbol('timed out')

/**
 * Claim a batch of outbox rows and hand each to `handle`, then record the outcome. Safe to run in
 * many processes at once. The guarantee: every row is handed to `handle` at least once until it
 * is recorded `done` or `dead`, always with the same `row.idempotencyKey`, and is handed out
 * again while an earlier hand-out may still be running only after that hand-out's lease expired
 * without renewal (its worker is gone, or stalled longer than the lease, or its handler ran past
 * `handleTimeoutMs`), so handlers must pass `row.idempotencyKey` to the provider, which makes
 * such a repeat harmless.
 * @example
 * await dispatchOutbox(store, () => new Date(), {
 *   workerId: 'w1',
 *   handle: async (row, { signal }) => send(row.payload, { idempotencyKey: row.idempotencyKey, signal }),
 * })
 */
export async function dispatchOutbox(
  store: WismoStore,
  now: () => Date,
  options: DispatchOptions,
  log: Logger = noopLogger,
): Promise<DispatchReport> {
  const settings = parseOptions(DispatchOptionsSchema, options, 'dispatchOutbox')
  const { workerId, leaseMs } = settings
  const claimedAt = performance.now()
  const rows = await store.claimOutbox({
    workerId,
    limit: settings.limit,
    leaseMs,
    maxAttempts: settings.maxAttempts,
    now: now().toISOString(),
    topics: settings.topics,
  })
  const report: DispatchReport = {
    claimed: rows.length,
    completed: 0,
    retried: 0,
    dead: 0,
    lost: 0,
    unrecorded: 0,
  }
  if (rows.length === 0) return report
  const keeper = keepLeases(
    rows.map((r) => r.id),
    { store, workerId, leaseMs, now, claimedAt, log },
  )
  const ctx = recordContext(store, now, settings, log, keeper)
  try {
    for (const row of rows) {
      if (settings.signal?.aborted) break
      report[await settle(ctx, settings, keeper, row)]++
    }
  } finally {
    await keeper.stop()
  }
  return report
}

function recordContext(
  store: WismoStore,
  now: () => Date,
  settings: Settings,
  log: Logger,
  keeper: LeaseKeeper,
): RecordContext {
  return {
    store,
    now,
    log,
    workerId: settings.workerId,
    maxAttempts: settings.maxAttempts,
    backoffMs: settings.backoffMs ?? defaultBackoff,
    ackRetries: settings.ackRetries,
    abandon: (id) => keeper.release(id),
  }
}

/** Confirm the lease, run the handler, record what happened. Never throws. */
async function settle(ctx: RecordContext, settings: Settings, keeper: LeaseKeeper, row: OutboxRow) {
  const fields = { outboxId: row.id, topic: row.topic }
  if (!(await keeper.confirm(row.id))) return lost(ctx, fields, 'outbox lease not confirmed; row not sent')
  let result: DispatchResult | typeof TIMED_OUT
  try {
    result = await runHandler(settings, keeper, row)
  } catch (error) {
    const outcome = await recordFailure(ctx, row, error)
    keeper.release(row.id)
    return outcome
  }
  if (result === TIMED_OUT) {
    keeper.release(row.id, new WismoError('NOTIFY_TIMEOUT', 'Outbox handler ran past handleTimeoutMs'))
    return lost(ctx, fields, 'outbox handler ran past handleTimeoutMs; row left to its lease')
  }
  if (keeper.isLost(row.id)) return lost(ctx, fields, 'outbox row sent after its lease was lost')
  const outcome = await recordSent(ctx, row, result?.providerMessageId ?? null)
  keeper.release(row.id)
  return outcome
}

/** The handler's result, or `TIMED_OUT` after `handleTimeoutMs` (the handler is not awaited further). */
async function runHandler(settings: Settings, keeper: LeaseKeeper, row: OutboxRow) {
  const sending = Promise.resolve().then(() => settings.handle(row, { signal: keeper.signal(row.id) }))
  sending.catch(() => {}) // a rejection after the timeout has nobody left to tell
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), settings.handleTimeoutMs)
  })
  try {
    return await Promise.race([sending, timeout])
  } finally {
    clearTimeout(timer)
  }
}
