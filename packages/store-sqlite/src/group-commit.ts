import type { Scope } from './db.ts'

interface Pending<I, O> {
  input: I
  resolve: (value: O) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: the writes asked for within one turn of the event loop go to disk in one
 * transaction, so one sync covers them all. Each write runs in its own savepoint inside it (a
 * nested better-sqlite3 transaction), so one write's failure (a lost version check) undoes only
 * that write and rejects only its caller; every caller is answered after the shared COMMIT,
 * never before its write is durable. A failed COMMIT rejects them all.
 * @example const commit = groupCommit(scope.db, db.transaction(writeOne))
 */
export function groupCommit<I, O>(db: Scope['db'], write: (input: I) => O): (input: I) => Promise<O> {
  let queue: Pending<I, O>[] = []
  const flush = () => {
    const batch = queue
    queue = []
    const outcomes = new Array<{ ok: true; value: O } | { ok: false; error: unknown }>(batch.length)
    const all = db.transaction(() => {
      batch.forEach((p, i) => {
        try {
          outcomes[i] = { ok: true, value: write(p.input) }
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
      const outcome = outcomes[i] as { ok: true; value: O } | { ok: false; error: unknown }
      if (outcome.ok) p.resolve(outcome.value)
      else p.reject(outcome.error)
    })
  }
  return (input) =>
    new Promise<O>((resolve, reject) => {
      if (queue.push({ input, resolve, reject }) === 1) setImmediate(flush)
    })
}
