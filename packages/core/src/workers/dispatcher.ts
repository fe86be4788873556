import { isWismoError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { OutboxRow, WismoStore } from '../store/contract.ts'

export interface DispatchOptions {
  /** Unique per process/worker: leases are held in its name. */
  workerId: string
  /** Sends one row; return the provider's message id. Throw a retryable WismoError to retry later. */
  handle: (row: OutboxRow) => Promise<{ providerMessageId?: string | null } | undefined | void>
  limit?: number
  leaseMs?: number
  /** Attempts before a row is marked dead (default 8). */
  maxAttempts?: number
  /** Delay before attempt n+1 (default: 30 s · 2^(n-1), at most 1 h). */
  backoffMs?: (attempts: number) => number
}

export interface DispatchReport {
  claimed: number
  completed: number
  retried: number
  dead: number
  /** Rows whose lease expired before we finished: another worker owns them now. */
  lost: number
}

const defaultBackoff = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1))

/**
 * Claim a batch of outbox rows and hand each to `handle`, then record the outcome. Safe to run in
 * many processes at once: rows are leased, and a crashed worker's rows come back when the lease
 * expires (the handler must pass the row's idempotency key to providers so a resend is harmless).
 * @example await dispatchOutbox(store, () => new Date(), { workerId: 'w1', handle: async (row) => send(row) })
 */
export async function dispatchOutbox(
  store: WismoStore,
  now: () => Date,
  options: DispatchOptions,
  log?: Logger,
): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, completed: 0, retried: 0, dead: 0, lost: 0 }
  const rows = await store.claimOutbox({
    workerId: options.workerId,
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 60_000,
    now: now().toISOString(),
  })
  report.claimed = rows.length
  for (const row of rows) {
    const outcome = await settle(store, now, options, row).catch((e: unknown) => {
      if (isWismoError(e, 'STORE_LEASE_LOST')) return 'lost' as const
      throw e
    })
    report[outcome]++
    if (outcome === 'dead') log?.warn({ outboxId: row.id, topic: row.topic }, 'outbox row gave up')
  }
  return report
}

async function settle(store: WismoStore, now: () => Date, options: DispatchOptions, row: OutboxRow) {
  const base = { id: row.id, workerId: options.workerId }
  try {
    const result = await options.handle(row)
    await store.completeOutbox({
      ...base,
      providerMessageId: result?.providerMessageId ?? null,
      now: now().toISOString(),
    })
    return 'completed' as const
  } catch (e) {
    if (isWismoError(e, 'STORE_LEASE_LOST')) throw e
    const message = isWismoError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)
    const retry = (!isWismoError(e) || e.retryable) && row.attempts < (options.maxAttempts ?? 8)
    const wait = Math.max(
      (options.backoffMs ?? defaultBackoff)(row.attempts),
      isWismoError(e) ? (e.retryAfterMs ?? 0) : 0,
    )
    const retryAt = retry ? new Date(now().getTime() + wait).toISOString() : null
    await store.failOutbox({ ...base, error: message, retryAt, now: now().toISOString() })
    return retry ? ('retried' as const) : ('dead' as const)
  }
}
