import type Database from 'better-sqlite3'

interface Pending {
  write: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** Queues a write for the connection's next group; see {@link groupWriter}. */
export type Grouped = <I, O>(write: (input: I) => O) => (input: I) => Promise<O>

/**
 * Group commit for one connection: the writes asked for within one turn of the event loop (ingest
 * commits, archived webhook bodies, notification attempt logs, whichever asked) go to disk in one
 * transaction, so one sync covers them all. Each write runs in its own savepoint inside it (pass
 * a better-sqlite3 `db.transaction(...)`), so one write's failure (a lost version check) undoes
 * only that write and rejects only its caller; every caller is answered after the shared COMMIT,
 * never before its write is durable. A failed COMMIT rejects them all.
 * @example const commit = groupWriter(db)(db.transaction(writeOne))
 */
export function groupWriter(db: Database.Database): Grouped {
  let queue: Pending[] = []
  const flush = () => {
    const batch = queue
    queue = []
    const outcomes = new Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>(batch.length)
    const all = db.transaction(() => {
      batch.forEach((p, i) => {
        try {
          outcomes[i] = { ok: true, value: p.write() }
        } catch (error) {
          outcomes[i] = { ok: false, error }
        }
      })
    })
    try {
      all.immediate()
    } catch (error) {
      for (const p of batch) p.reject(error)
      return
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i] as { ok: true; value: unknown } | { ok: false; error: unknown }
      if (outcome.ok) p.resolve(outcome.value)
      else p.reject(outcome.error)
    })
  }
  return <I, O>(write: (input: I) => O) =>
    (input: I) =>
      new Promise<O>((resolve, reject) => {
        const pending = { write: () => write(input), resolve: resolve as (v: unknown) => void, reject }
        if (queue.push(pending) === 1) setImmediate(flush)
      })
}
