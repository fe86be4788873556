import { isWismoError } from '../errors.ts'
import { type Logger, redactText } from '../logger.ts'
import type { OutboxRow, WismoStore } from '../store/contract.ts'

/** How one row of a dispatcher pass ended; each is a counter of `DispatchReport`. */
export type Outcome = 'completed' | 'retried' | 'dead' | 'lost' | 'unrecorded'

/** What recording an outcome needs. */
export interface RecordContext {
  store: WismoStore
  now: () => Date
  workerId: string
  log: Logger
  /** Attempts before a failed row is marked dead. */
  maxAttempts: number
  backoffMs: (attempts: number) => number
  /** Further tries of `completeOutbox` after the first one failed. */
  ackRetries: number
  /** Called when the outcome cannot be recorded: the row is left to its lease. */
  abandon: (id: string) => void
}

/** Wait before the n-th retry of an acknowledgement: 250 ms, 500 ms, 1 s, 2 s, … */
const ackDelay = (retry: number) => 250 * 2 ** (retry - 1)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const codeOf = (e: unknown) => (isWismoError(e) ? e.code : 'UNKNOWN')
const leaseGone = (e: unknown) => isWismoError(e, 'STORE_LEASE_LOST') || isWismoError(e, 'STORE_NOT_FOUND')

/**
 * Record a successful send. A store error is retried (bounded, with back-off): the
 * acknowledgement is retried, never the send. When it still cannot be recorded the row is left
 * leased, so it comes back once the lease expires (the at-least-once case), and it is reported;
 * a successful send is never recorded as a failure.
 */
export async function recordSent(
  ctx: RecordContext,
  row: OutboxRow,
  providerMessageId: string | null,
): Promise<Outcome> {
  for (let retry = 0; ; retry++) {
    try {
      const now = ctx.now().toISOString()
      await ctx.store.completeOutbox({ id: row.id, workerId: ctx.workerId, providerMessageId, now })
      return 'completed'
    } catch (error) {
      const fields = { outboxId: row.id, topic: row.topic, code: codeOf(error), retry }
      // After a retry this may be our own earlier attempt that committed but never answered.
      if (leaseGone(error))
        return lost(ctx, fields, 'outbox row sent, but its lease was lost before recording')
      if (retry >= ctx.ackRetries) {
        ctx.abandon(row.id)
        ctx.log.error(
          fields,
          'outbox row sent, but recording it failed; it will be sent again after its lease',
        )
        return 'unrecorded'
      }
      await sleep(ackDelay(retry + 1))
    }
  }
}

/**
 * Record a failed send: retry later (retryable error, attempts left) or mark the row dead. The
 * stored error text goes through the redactor: provider errors echo addresses and numbers.
 */
export async function recordFailure(ctx: RecordContext, row: OutboxRow, error: unknown): Promise<Outcome> {
  const retry = (!isWismoError(error) || error.retryable) && row.attempts < ctx.maxAttempts
  const wait = Math.max(ctx.backoffMs(row.attempts), isWismoError(error) ? (error.retryAfterMs ?? 0) : 0)
  const now = ctx.now()
  const retryAt = retry ? new Date(now.getTime() + wait).toISOString() : null
  const text = redactText(errorText(error))
  try {
    await ctx.store.failOutbox({
      id: row.id,
      workerId: ctx.workerId,
      error: text,
      retryAt,
      now: now.toISOString(),
    })
  } catch (e) {
    const fields = { outboxId: row.id, topic: row.topic, code: codeOf(e) }
    if (leaseGone(e)) return lost(ctx, fields, 'outbox send failed, and its lease was lost before recording')
    ctx.abandon(row.id)
    ctx.log.error(fields, 'outbox send failed, and recording it failed too; it comes back after its lease')
    return 'unrecorded'
  }
  if (!retry) ctx.log.warn({ outboxId: row.id, topic: row.topic, code: codeOf(error) }, 'outbox row gave up')
  return retry ? 'retried' : 'dead'
}

/** Log why a row was let go and count it as `lost`. */
export function lost(ctx: RecordContext, fields: object, message: string): Outcome {
  ctx.log.warn(fields, message)
  return 'lost'
}

function errorText(e: unknown): string {
  if (isWismoError(e)) return `${e.code}: ${e.message}`
  return e instanceof Error ? e.message : String(e)
}
