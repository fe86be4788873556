import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isWismoError } from '../errors.ts'
import { noopLogger } from '../logger.ts'
import { createRuntime, type Worker } from './runtime.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function setup() {
  const released: string[] = []
  const errors: unknown[] = []
  const log = { ...noopLogger, error: (fields: unknown) => errors.push(fields) }
  const runtime = createRuntime({
    log,
    release: async (workerId) => {
      released.push(workerId)
      return { outbox: 2, polls: 1 }
    },
  })
  return { runtime, released, errors }
}

/** A worker whose passes answer from a script (true: a full batch), counting them. */
function scripted(
  name: string,
  everyMs: number,
  answers: (n: number) => boolean | Error,
): Worker & { runs: number } {
  const worker = {
    name,
    everyMs,
    runs: 0,
    pass: async () => {
      worker.runs++
      const answer = answers(worker.runs)
      if (answer instanceof Error) throw answer
      return answer
    },
  }
  return worker
}

describe('the worker runtime', () => {
  it('runs a worker again at once while it finds full batches, then at its cadence', async () => {
    const { runtime } = setup()
    const polls = scripted('polls', 1000, (n) => n <= 3)
    runtime.start({ workerId: 'w1' }, () => [polls])
    await vi.advanceTimersByTimeAsync(0)
    expect(polls.runs).toBe(4) // three full batches, then an idle pass
    await vi.advanceTimersByTimeAsync(999)
    expect(polls.runs).toBe(4)
    await vi.advanceTimersByTimeAsync(1)
    expect(polls.runs).toBe(5)
    await vi.advanceTimersByTimeAsync(3000)
    expect(polls.runs).toBe(8)
    await runtime.stop(1000)
  })

  it('backs off while passes fail, up to the bound, and recovers', async () => {
    const { runtime, errors } = setup()
    const failing = scripted('notify', 100, (n) => (n <= 6 ? new Error('store down') : false))
    runtime.start({ maxBackoffMs: 1000 }, () => [failing])
    await vi.advanceTimersByTimeAsync(0)
    expect(failing.runs).toBe(1)
    // pauses: 200, 400, 800, 1000, 1000, 1000 (capped), then the cadence again
    for (const [wait, runs] of [
      [200, 2],
      [400, 3],
      [800, 4],
      [1000, 5],
      [1000, 6],
      [1000, 7],
      [100, 8],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1)
      expect(failing.runs).toBe(runs - 1)
      await vi.advanceTimersByTimeAsync(1)
      expect(failing.runs).toBe(runs)
    }
    expect(errors).toHaveLength(6)
    expect(errors[0]).toMatchObject({ worker: 'notify', failures: 1, retryInMs: 200 })
    await runtime.stop(1000)
  })

  it('stops: no new pass, waits for the one in flight, gives back the leases', async () => {
    const { runtime, released } = setup()
    let finish = () => {}
    let started = 0
    const slow: Worker = {
      name: 'dispatch',
      everyMs: 10,
      pass: () => {
        started++
        return new Promise<boolean>((resolve) => {
          finish = () => resolve(false)
        })
      },
    }
    const idle = scripted('polls', 50, () => false)
    runtime.start({ workerId: 'w2' }, () => [slow, idle])
    await vi.advanceTimersByTimeAsync(0)
    expect(runtime.state).toBe('running')
    const stopping = runtime.stop(5000)
    expect(runtime.state).toBe('stopping')
    await vi.advanceTimersByTimeAsync(100)
    expect(idle.runs).toBe(1) // woken from its pause, it does not start another pass
    finish()
    expect(await stopping).toEqual({ drained: true, released: { outbox: 2, polls: 1 } })
    expect(released).toEqual(['w2'])
    expect(started).toBe(1)
    expect(runtime.state).toBe('stopped')
  })

  it('gives up waiting after timeoutMs and still gives back the leases', async () => {
    const { runtime, released } = setup()
    const stuck: Worker = { name: 'notify', everyMs: 10, pass: () => new Promise<boolean>(() => {}) }
    const { workerId } = runtime.start({}, () => [stuck])
    await vi.advanceTimersByTimeAsync(0)
    const stopping = runtime.stop(3000)
    await vi.advanceTimersByTimeAsync(3000)
    expect(await stopping).toEqual({ drained: false, released: { outbox: 2, polls: 1 } })
    expect(released).toEqual([workerId])
    expect(workerId).toMatch(/^worker_/)
  })

  it('starts once per instance, and refuses bad options naming them', async () => {
    const { runtime } = setup()
    expect(() => runtime.start({ every: { polls: 1 } }, () => [])).toThrow(/every\.polls/)
    runtime.start({}, () => [])
    try {
      runtime.start({}, () => [])
      expect.unreachable()
    } catch (e) {
      expect(isWismoError(e, 'CONFIG_INVALID')).toBe(true)
    }
    await runtime.stop(10)
    expect(() => runtime.start({}, () => [])).toThrow(/stopped/)
  })
})
