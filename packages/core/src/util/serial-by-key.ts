/**
 * Run async work one at a time per key, in call order; work under different keys runs
 * concurrently. Work with no queue ahead of it starts at once, in the caller's turn.
 * @example
 * const serial = serialByKey()
 * await Promise.all([serial('a', first), serial('a', second), serial('b', other)]) // second waits for first
 */
export type SerialByKey = <T>(key: string, work: () => Promise<T>) => Promise<T>

export function serialByKey(): SerialByKey {
  const tails = new Map<string, Promise<unknown>>()
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const ahead = tails.get(key)
    const result = ahead ? ahead.then(work, work) : start(work)
    const tail = result.then(settled, settled)
    tails.set(key, tail)
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return result
  }
}

const settled = (): void => {}

function start<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work()
  } catch (error) {
    return Promise.reject(error)
  }
}
