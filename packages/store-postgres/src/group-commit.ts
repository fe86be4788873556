import { isWismoError, type WismoErrorCode } from '@wismo/core'
import type { Sql } from './db.ts'

/** How many writes one transaction takes, and how many such transactions run at once. */
export interface GroupLimits {
  /**
   * Writes a group takes at most (32). When a group runs with savepoints, each is a
   * subtransaction with its own id; PostgreSQL caches 64 of them per transaction, past which
   * every other session's snapshots slow down (the subxid cache overflows).
   */
  maxSize: number
  /**
   * Groups in flight per store (4), each on its own pooled connection; more wait, and the next
   * group gathers whatever arrived meanwhile. One group at a time measured at half the commits/s
   * of no grouping: its round trips run one after another, while separate commits overlap them
   * and PostgreSQL already shares one WAL flush among commits that arrive together.
   */
  maxGroups: number
}

export const GROUP_LIMITS: GroupLimits = { maxSize: 32, maxGroups: 4 }

/** How a group reaches the database: one write alone, or many in one transaction. */
export interface GroupRunner<I, O> {
  /** One write on its own (today's single-statement commit: no BEGIN/COMMIT round trips). */
  single(input: I): Promise<O>
  /** A transaction on one connection; resolves after COMMIT, rejects if COMMIT (or the connection) fails. */
  tx(fn: (query: Sql) => Promise<void>): Promise<void>
  /** One write inside the group's transaction. */
  write(query: Sql, input: I): Promise<O>
  /** Writes that lock the same rows share a key; a group runs its writes in key order. */
  lockKey(input: I): string
}

interface Pending<I, O> {
  input: I
  resolve: (value: O) => void
  reject: (error: unknown) => void
}

type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown }

/**
 * Group commit: the writes asked for within one turn of the event loop, or while
 * `maxGroups` groups were already committing, share one transaction on one pooled connection
 * and so one WAL flush. A write's own failure (a lost version check, a duplicate, a rejected
 * value) undoes only that write and rejects only its caller; every caller is answered after the
 * shared COMMIT, never before its write is durable, and a failed COMMIT rejects them all with its
 * error. A write that finds nothing else waiting commits alone, as a single statement. No write
 * waits for a timer.
 * @example
 * const commit = groupCommit<ShipmentWrite, CommitResult>({
 *   single: (w) => commitWrite(s, sql, w),
 *   tx,
 *   write: (query, w) => commitWrite(s, query, w),
 *   lockKey: (w) => w.shipment.trackingNumber,
 * })
 */
export function groupCommit<I, O>(
  runner: GroupRunner<I, O>,
  limits: GroupLimits = GROUP_LIMITS,
): (input: I) => Promise<O> {
  let queue: Pending<I, O>[] = []
  let running = 0
  let scheduled = false
  const schedule = () => {
    if (scheduled || queue.length === 0 || running >= limits.maxGroups) return
    scheduled = true
    setImmediate(flush)
  }
  const flush = () => {
    scheduled = false
    while (queue.length > 0 && running < limits.maxGroups) {
      const batch = queue.slice(0, limits.maxSize)
      queue = queue.slice(batch.length)
      running += 1
      void runBatch(runner, batch).finally(() => {
        running -= 1
        schedule()
      })
    }
  }
  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject })
      schedule()
    })
}

async function runBatch<I, O>(runner: GroupRunner<I, O>, batch: Pending<I, O>[]): Promise<void> {
  const [only] = batch
  if (only && batch.length === 1) {
    await runner.single(only.input).then(only.resolve, only.reject)
    return
  }
  // Same lock order in every group: two groups never wait for each other in a cycle.
  const ordered = batch
    .map((p) => ({ p, key: runner.lockKey(p.input) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.p)
  let outcomes: Outcome<O>[]
  try {
    outcomes = await runGroup(runner, ordered, false).catch((e) => {
      if (!(e instanceof WriteRaised)) throw e
      return runGroup(runner, ordered, true)
    })
  } catch (error) {
    for (const p of ordered) p.reject(error)
    return
  }
  ordered.forEach((p, i) => {
    const outcome = outcomes[i] as Outcome<O>
    if (outcome.ok) p.resolve(outcome.value)
    else p.reject(outcome.error)
  })
}

/** A write raised a driver error: PostgreSQL aborted the whole transaction, nothing committed. */
class WriteRaised extends Error {}

/**
 * One transaction for the group. Without savepoints first: a lost version check or a duplicate
 * writes nothing and leaves the transaction usable (the store's own coded error). A write that
 * raises aborts the transaction; the group is then run again with a savepoint per write, so
 * that error undoes only its own write.
 */
async function runGroup<I, O>(
  runner: GroupRunner<I, O>,
  ordered: Pending<I, O>[],
  savepoints: boolean,
): Promise<Outcome<O>[]> {
  const outcomes: Outcome<O>[] = []
  await runner.tx(async (query) => {
    for (const p of ordered) {
      const write = () => runner.write(query, p.input)
      outcomes.push(savepoints ? await inSavepoint(query, write) : await bare(write))
    }
  })
  return outcomes
}

async function bare<O>(write: () => Promise<O>): Promise<Outcome<O>> {
  try {
    return { ok: true, value: await write() }
  } catch (error) {
    if (isWismoError(error) && KEPT.has(error.code)) return { ok: false, error }
    throw new WriteRaised('a write raised inside the group', { cause: error })
  }
}

/** The store's own answers after a statement that wrote nothing: the transaction is intact. */
const KEPT = new Set<WismoErrorCode>(['STORE_CONFLICT', 'STORE_DUPLICATE'])

/**
 * Savepoints nest under one name (no RELEASE round trip); `ROLLBACK TO` undoes the newest only.
 * A failed `ROLLBACK TO` (the connection broke) fails the whole group.
 */
async function inSavepoint<O>(query: Sql, write: () => Promise<O>): Promise<Outcome<O>> {
  await query('SAVEPOINT wismo_write')
  try {
    return { ok: true, value: await write() }
  } catch (error) {
    await query('ROLLBACK TO SAVEPOINT wismo_write')
    return { ok: false, error }
  }
}
