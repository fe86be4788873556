interface Waiting<I> {
  input: I
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Independent inserts asked for within one turn of the event loop, written by one call of
 * `write` (one statement, one commit), at most `max` per call. Each caller is answered once that
 * statement is done; if it fails, every caller of the batch gets its error. For writes with no
 * version check and nothing a caller reads back (archived bodies), where one multi-row statement
 * replaces a round trip and a WAL flush per caller. Validate inputs before queueing them: a value
 * the database refuses fails the whole batch.
 * @example const archive = batchedWrites((rows: Row[]) => insertAll(rows))
 */
export function batchedWrites<I>(
  write: (batch: I[]) => Promise<void>,
  max = 64,
): (input: I) => Promise<void> {
  let queue: Waiting<I>[] = []
  const flush = () => {
    const waiting = queue
    queue = []
    for (let i = 0; i < waiting.length; i += max) {
      const batch = waiting.slice(i, i + max)
      write(batch.map((w) => w.input)).then(
        () => {
          for (const w of batch) w.resolve()
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error)
        },
      )
    }
  }
  return (input) =>
    new Promise<void>((resolve, reject) => {
      if (queue.push({ input, resolve, reject }) === 1) setImmediate(flush)
    })
}
