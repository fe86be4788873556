import type Database from 'better-sqlite3'
import type { WalSync } from './wal-sync.ts'

interface Pending {
  /** The write as given: run bare inside the shared transaction. */
  write: () => unknown
  /** The same write in its own savepoint, for the pass that isolates a failure. */
  guarded: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Whether the caller waits for the WAL sync, or only for the COMMIT (see `GroupedOptions`). */
  durable: boolean
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** A group's transaction: each write's outcome once committed, else why it did not commit. */
type GroupResult = { committed: true; outcomes: Outcome[] } | { committed: false; error: unknown }

export interface GroupedOptions {
  /**
   * `false`: answer the caller once the group's COMMIT is done, without waiting for the WAL sync
   * (the next sync covers the write). For diagnostic rows only (archived webhook bodies): a power
   * loss before that sync may drop the last of them, never an ingest commit. A process crash
   * drops nothing, since the committed frames are already in the file. Default `true`.
   */
  durable?: boolean
}

/** Queues a write for the connection's next group; see {@link groupWriter}. */
export type Grouped = <I, O>(write: (input: I) => O, options?: GroupedOptions) => (input: I) => Promise<O>

/**
 * Group commit for one connection: the writes asked for within one turn of the event loop (ingest
 * commits, archived webhook bodies, notification attempt logs, whichever asked) go to disk in one
 * transaction, so one sync covers them all. Every caller is answered after the shared COMMIT and,
 * with `sync`, after the WAL sync that follows it (the next group runs meanwhile): never before its
 * write is durable, unless the write was queued with `{ durable: false }` (answered at the COMMIT).
 * A failed COMMIT rejects them all, a failed sync every caller that waited for it.
 *
 * The writes first run one after another with nothing between them. When one throws (a lost
 * version check), that transaction is rolled back and the group runs again with each write in
 * its own savepoint, so the failure undoes only that write and rejects only its caller. Writes
 * must therefore touch nothing but the database (they may run twice; only the committed run
 * counts). A savepoint per write on every group cost about an eighth of the SQLite bench's time.
 * @example const commit = groupWriter(db)((write: ShipmentWrite) => writeOne(write))
 */
export function groupWriter(db: Database.Database, sync: WalSync | null = null): Grouped {
  let queue: Pending[] = []
  const flush = () => {
    const batch = queue
    queue = []
    const result = runBare(db, batch) ?? runGuarded(db, batch)
    if (!result.committed) return rejectAll(batch, result.error)
    const settled = batch.map((p, i) => ({ p, outcome: result.outcomes[i] as Outcome }))
    const answer = (items: typeof settled) => {
      for (const { p, outcome } of items) {
        if (outcome.ok) p.resolve(outcome.value)
        else p.reject(outcome.error)
      }
    }
    if (!sync) return answer(settled)
    const early = settled.filter(({ p }) => !p.durable)
    const waiting = settled.filter(({ p }) => p.durable)
    // After a failed sync no write is vouched for, not even one that does not wait for a sync.
    if (sync.failure)
      rejectAll(
        early.map(({ p }) => p),
        sync.failure,
      )
    else answer(early)
    if (waiting.length)
      sync(waiting.length).then(
        () => answer(waiting),
        (error) =>
          rejectAll(
            waiting.map(({ p }) => p),
            error,
          ),
      )
  }
  return <I, O>(write: (input: I) => O, options: GroupedOptions = {}) => {
    const guarded = db.transaction(write)
    const durable = options.durable ?? true
    return (input: I) =>
      new Promise<O>((resolve, reject) => {
        const pending: Pending = {
          write: () => write(input),
          guarded: () => guarded(input),
          resolve: resolve as (v: unknown) => void,
          reject,
          durable,
        }
        if (queue.push(pending) === 1) setImmediate(flush)
      })
  }
}

function rejectAll(batch: readonly Pending[], error: unknown): void {
  for (const p of batch) p.reject(error)
}

/** A write threw in the bare pass: its transaction was rolled back, run the guarded pass. */
const WRITE_FAILED = Symbol('write failed')

/** Every write bare in one transaction; `null` when a write threw (nothing was kept). */
function runBare(db: Database.Database, batch: readonly Pending[]): GroupResult | null {
  const values = new Array<unknown>(batch.length)
  try {
    db.transaction(() => {
      batch.forEach((p, i) => {
        try {
          values[i] = p.write()
        } catch {
          throw WRITE_FAILED
        }
      })
    }).immediate()
  } catch (error) {
    return error === WRITE_FAILED ? null : { committed: false, error }
  }
  return { committed: true, outcomes: values.map((value) => ({ ok: true, value })) }
}

/** Every write in its own savepoint inside one transaction, so a failure stays with its write. */
function runGuarded(db: Database.Database, batch: readonly Pending[]): GroupResult {
  const outcomes = new Array<Outcome>(batch.length)
  try {
    db.transaction(() => {
      batch.forEach((p, i) => {
        try {
          outcomes[i] = { ok: true, value: p.guarded() }
        } catch (error) {
          outcomes[i] = { ok: false, error }
        }
      })
    }).immediate()
  } catch (error) {
    return { committed: false, error }
  }
  return { committed: true, outcomes }
}
