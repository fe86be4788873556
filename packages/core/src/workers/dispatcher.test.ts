import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WismoError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { OutboxRow, WismoStore } from '../store/contract.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'
import type { DispatchContext } from './dispatcher.ts'

// Fake timers drive everything: the injected clock (`Date`), lease renewals, back-off and
// `performance.now()`. No test here depends on how fast the machine is.
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

const LEASE = 60_000
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const logs = () => {
  const lines: string[] = []
  const at = (level: string) => (_: object, msg?: string) => lines.push(`${level}: ${msg}`)
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
  return { log, lines }
}

function world(store: WismoStore = memoryStore()) {
  const { log, lines } = logs()
  const wismo = createWismo({
    store,
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
    clock: () => new Date(),
    logger: log,
  })
  const enqueue = (...keys: string[]) =>
    store.enqueue(
      keys.map((k) => ({ idempotencyKey: k, shipmentId: null, topic: 't', payload: { k } })),
      { now: new Date().toISOString() },
    )
  /** A worker whose handler takes `slowMs[key]` ms (default 0), noting each send as `worker:key`. */
  const worker = (workerId: string, sends: string[], slowMs: Record<string, number> = {}) =>
    wismo.workers.dispatchOutbox({
      workerId,
      leaseMs: LEASE,
      handle: async (row) => {
        sends.push(`${workerId}:${row.idempotencyKey}`)
        const slow = slowMs[row.idempotencyKey]
        if (slow) await wait(slow)
        return { providerMessageId: `${workerId}-${row.idempotencyKey}` }
      },
    })
  return { wismo, store, enqueue, worker, lines }
}

const pending = (store: WismoStore) => store.listOutbox({ state: 'pending' })

/** One row per key, a millisecond apart, so they are claimed in this order. */
async function enqueueInOrder(enqueue: (key: string) => Promise<unknown>, ...keys: string[]) {
  for (const key of keys) {
    await enqueue(key)
    vi.advanceTimersByTime(1)
  }
}

describe('outbox dispatcher: leases', () => {
  it('does not hand a send that outlives its lease, or the rows queued behind it, to a second worker', async () => {
    const { enqueue, worker, store } = world()
    await enqueueInOrder(enqueue, 'slow', 'queued')
    const sends: string[] = []
    const first = worker('a', sends, { slow: 150_000 })
    for (const step of [61_000, 70_000]) {
      await vi.advanceTimersByTimeAsync(step)
      expect((await worker('b', sends)).claimed).toBe(0)
    }
    await vi.advanceTimersByTimeAsync(20_000)
    expect(await first).toEqual({ claimed: 2, completed: 2, retried: 0, dead: 0, lost: 0, unrecorded: 0 })
    expect(sends).toEqual(['a:slow', 'a:queued'])
    expect((await store.listOutbox({ state: 'done' })).map((r) => [r.attempts, r.providerMessageId])).toEqual(
      expect.arrayContaining([
        [1, 'a-slow'],
        [1, 'a-queued'],
      ]),
    )
  })

  it('aborts the send, records nothing and sends no more once a renewal reports the lease lost', async () => {
    const completed = vi.fn()
    const base = memoryStore()
    const store: WismoStore = {
      ...base,
      renewOutboxLease: async () => [],
      completeOutbox: async (input) => {
        completed(input.id)
        return base.completeOutbox(input)
      },
    }
    const { wismo, enqueue } = world(store)
    await enqueueInOrder(enqueue, 'slow', 'queued')
    const seen: { key: string; aborted: boolean }[] = []
    const run = wismo.workers.dispatchOutbox({
      workerId: 'a',
      leaseMs: LEASE,
      handle: async (row: OutboxRow, { signal }: DispatchContext) => {
        await wait(30_000)
        seen.push({ key: row.idempotencyKey, aborted: signal.aborted })
      },
    })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(await run).toMatchObject({ claimed: 2, completed: 0, lost: 2 })
    expect(seen).toEqual([{ key: 'slow', aborted: true }])
    expect(completed).not.toHaveBeenCalled()
  })

  it('does not send a queued row whose lease lapsed while renewals failed', async () => {
    let down = true
    const base = memoryStore()
    const store: WismoStore = {
      ...base,
      renewOutboxLease: async (input) => {
        if (down) throw new WismoError('STORE_UNAVAILABLE', 'connection reset')
        return base.renewOutboxLease(input)
      },
    }
    const { enqueue, worker, lines } = world(store)
    await enqueueInOrder(enqueue, 'slow', 'queued')
    const sends: string[] = []
    const first = worker('a', sends, { slow: 70_000 })
    await vi.advanceTimersByTimeAsync(65_000)
    down = false
    // a's leases lapsed (no renewal got through): b takes both rows, as the guarantee allows.
    expect(await worker('b', sends)).toMatchObject({ claimed: 2, completed: 2 })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await first).toMatchObject({ claimed: 2, completed: 0, lost: 2 })
    expect(sends).toEqual(['a:slow', 'b:slow', 'b:queued'])
    expect(lines).toContain('warn: outbox lease renewal failed; trying again')
  })

  it('gives up on a handler that never returns, and its row comes back after the lease', async () => {
    const { wismo, enqueue, worker } = world()
    await enqueue('stuck')
    let signal: AbortSignal | undefined
    const run = wismo.workers.dispatchOutbox({
      workerId: 'a',
      leaseMs: LEASE,
      handleTimeoutMs: 300_000,
      handle: (_row, context) => {
        signal = context.signal
        return new Promise(() => {})
      },
    })
    await vi.advanceTimersByTimeAsync(300_000)
    expect(await run).toMatchObject({ claimed: 1, lost: 1 })
    expect(signal?.aborted).toBe(true)
    const sends: string[] = []
    expect((await worker('b', sends)).claimed).toBe(0)
    await vi.advanceTimersByTimeAsync(LEASE + 1)
    expect(await worker('b', sends)).toMatchObject({ claimed: 1, completed: 1 })
    expect(sends).toEqual(['b:stuck'])
  })
})

describe('outbox dispatcher: recording a successful send', () => {
  it('retries the acknowledgement, never the send', async () => {
    let blips = 2
    const failed = vi.fn()
    const base = memoryStore()
    const store: WismoStore = {
      ...base,
      completeOutbox: async (input) => {
        if (blips-- > 0) throw new WismoError('STORE_UNAVAILABLE', 'connection reset')
        return base.completeOutbox(input)
      },
      failOutbox: async (input) => {
        failed(input)
        return base.failOutbox(input)
      },
    }
    const { enqueue, worker } = world(store)
    await enqueue('m1')
    const sends: string[] = []
    const run = worker('a', sends)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await run).toMatchObject({ claimed: 1, completed: 1, retried: 0 })
    expect(sends).toEqual(['a:m1'])
    expect(failed).not.toHaveBeenCalled()
    expect((await store.listOutbox({ state: 'done' }))[0]?.providerMessageId).toBe('a-m1')
  })

  it('leaves a send it cannot record leased and reports it, never as a failure', async () => {
    const failed = vi.fn()
    const base = memoryStore()
    const store: WismoStore = {
      ...base,
      completeOutbox: async (input) => {
        if (input.workerId === 'a') throw new WismoError('STORE_UNAVAILABLE', 'connection reset')
        return base.completeOutbox(input)
      },
      failOutbox: async (input) => {
        failed(input)
        return base.failOutbox(input)
      },
    }
    const { enqueue, worker, lines } = world(store)
    await enqueue('m1')
    const sends: string[] = []
    const run = worker('a', sends)
    await vi.advanceTimersByTimeAsync(4_000)
    expect(await run).toMatchObject({ claimed: 1, completed: 0, retried: 0, unrecorded: 1 })
    expect(failed).not.toHaveBeenCalled()
    expect(lines).toContain(
      'error: outbox row sent, but recording it failed; it will be sent again after its lease',
    )
    expect(await pending(store)).toMatchObject([{ attempts: 1, lastError: null, leaseOwner: 'a' }])
    // Not before the lease (a failure's 30 s retry would have come sooner), then with the same key.
    await vi.advanceTimersByTimeAsync(30_000)
    expect((await worker('b', sends)).claimed).toBe(0)
    await vi.advanceTimersByTimeAsync(LEASE)
    expect((await worker('b', sends)).claimed).toBe(1)
    expect(sends).toEqual(['a:m1', 'b:m1'])
  })
})

describe('outbox dispatcher: attempts and errors', () => {
  it('marks dead a row whose workers die on it every time, without handing it out again', async () => {
    // A dead worker's renewals never reach the database; its send never ends.
    const base = memoryStore()
    const store: WismoStore = {
      ...base,
      renewOutboxLease: async (input) =>
        input.workerId.startsWith('dies') ? [] : base.renewOutboxLease(input),
    }
    const { wismo, enqueue } = world(store)
    await enqueue('poison')
    for (const n of [1, 2, 3]) {
      void wismo.workers.dispatchOutbox({
        workerId: `dies-${n}`,
        maxAttempts: 3,
        handle: () => new Promise(() => {}),
      })
      await vi.advanceTimersByTimeAsync(0)
      expect((await pending(store))[0]).toMatchObject({ attempts: n, leaseOwner: `dies-${n}` })
      await vi.advanceTimersByTimeAsync(LEASE + 1)
    }
    const handle = vi.fn(async () => ({}))
    expect(await wismo.workers.dispatchOutbox({ workerId: 'next', maxAttempts: 3, handle })).toMatchObject({
      claimed: 0,
    })
    expect(handle).not.toHaveBeenCalled()
    const [dead] = await store.listOutbox({ state: 'dead' })
    expect(dead).toMatchObject({ idempotencyKey: 'poison', attempts: 3 })
    expect(dead?.lastError).toMatch(/^OUTBOX_ABANDONED: handed out 3 times and no outcome recorded/)
  })

  it('stores a provider error with contact details and secrets redacted', async () => {
    const { wismo, enqueue, store } = world()
    await enqueue('m1')
    const error = 'Mailbox ana.lopez@example.com full; SMS to +1 415 555 0100 failed'
    const report = await wismo.workers.dispatchOutbox({
      workerId: 'a',
      handle: async () => {
        throw new WismoError('NOTIFY_REQUEST_REJECTED', error)
      },
    })
    expect(report).toMatchObject({ dead: 1 })
    const [dead] = await store.listOutbox({ state: 'dead' })
    expect(dead?.lastError).toBe('NOTIFY_REQUEST_REJECTED: Mailbox [email] full; SMS to [phone] failed')
  })

  it('rejects invalid options with one CONFIG_INVALID', async () => {
    const { wismo } = world()
    await expect(
      wismo.workers.dispatchOutbox({ workerId: '', leaseMs: -1, handle: async () => ({}) }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })
})
