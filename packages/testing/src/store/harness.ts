import { isWismoError, type WismoStore } from '@wismo/core'
import { afterAll, beforeAll, beforeEach, it, type TestContext } from 'vitest'

/**
 * Direct access to what a store persisted, bypassing the adapter under test (as Auth.js's adapter
 * suite does): the suite checks the database, not only what the adapter says it wrote.
 */
export interface StoreProbe {
  /** Number of event rows stored for a shipment. */
  countEvents(shipmentId: string): Promise<number>
  /** Number of outbox rows with this idempotency key. */
  countOutbox(idempotencyKey: string): Promise<number>
  /** The stored version of a shipment, or null when there is no row. */
  shipmentVersion(shipmentId: string): Promise<number | null>
  /** The raw stored `occurredAt` text of an event. */
  eventTime(shipmentId: string, dedupKey: string): Promise<string | null>
  /** State, attempts and lease owner of the outbox row with this key, or null (optional). */
  outboxState?(
    idempotencyKey: string,
  ): Promise<{ state: string; attempts: number; leaseOwner: string | null } | null>
  /** The worker holding a shipment's poll lease, or null (optional). */
  pollOwner?(shipmentId: string): Promise<string | null>
  /**
   * Damage the stored feedback row of a shipment (a rating out of range) behind the adapter's back,
   * so the next read must report `STORE_ROW_INVALID` (optional; the case is skipped without it).
   */
  corruptFeedback?(shipmentId: string): Promise<void>
}

export interface StoreSkip {
  reason: string
  tests: readonly string[]
}

export interface TestStoreOptions {
  /** Suite title, e.g. `'sqlite'`. */
  name: string
  create: () => WismoStore | Promise<WismoStore>
  /** Empty the store between tests (default: a new store per test). */
  reset?: (store: WismoStore) => Promise<void>
  probe?: (store: WismoStore) => StoreProbe
  /**
   * Close `store` and open the same database again (a restart). Stores that keep nothing after
   * `close()` (the memory store) leave it out and the restart cases are skipped, saying so.
   */
  reopen?: (store: WismoStore) => WismoStore | Promise<WismoStore>
  skip?: readonly StoreSkip[]
  /** Worst-case time for one lease-expiry wait (default 60 ms lease + margin). */
  leaseMs?: number
}

export interface Harness {
  store: () => WismoStore
  probe: () => StoreProbe | null
  leaseMs: number
  /** A test honouring the declared skips; `fn` gets vitest's context (`skip(note)` for a runtime skip). */
  test: (name: string, fn: (context: TestContext) => Promise<void>, timeoutMs?: number) => void
  /** A test that restarts the store through `reopen`; skipped with a reason when there is none. */
  testRestart: (
    name: string,
    fn: (reopen: () => Promise<WismoStore>) => Promise<void>,
    timeoutMs?: number,
  ) => void
}

/** Wire lifecycle hooks and a `test` that honours the declared skips. */
export function harness(options: TestStoreOptions): Harness {
  let current: WismoStore | null = null
  if (options.reset) {
    beforeAll(async () => {
      current = await options.create()
    })
    beforeEach(async () => {
      if (current) await options.reset?.(current)
    })
  } else {
    beforeEach(async () => {
      await current?.close()
      current = await options.create()
    })
  }
  afterAll(async () => {
    await current?.close()
  })
  const skipReason = (name: string) => options.skip?.find((s) => s.tests.includes(name))?.reason
  const store = () => {
    if (!current) throw new Error('store not created yet')
    return current
  }
  const test = (name: string, fn: (context: TestContext) => Promise<void>, timeoutMs?: number) => {
    const reason = skipReason(name)
    if (reason) it.skip(`${name} (skipped: ${reason})`, fn)
    else it(name, fn, timeoutMs)
  }
  const reopen = async () => {
    if (!options.reopen) throw new Error('no reopen')
    current = await options.reopen(store())
    return current
  }
  return {
    store,
    probe: () => options.probe?.(store()) ?? null,
    leaseMs: options.leaseMs ?? 60,
    test,
    testRestart: (name, fn, timeoutMs) => {
      if (!options.reopen)
        it.skip(`${name} (skipped: the store keeps nothing across a restart, no \`reopen\`)`, () => {})
      else test(name, () => fn(reopen), timeoutMs)
    },
  }
}

/**
 * The `WismoError` code `promise` rejects with; null when it resolves, `'not a WismoError'` when
 * it rejects with anything else.
 * @example expect(await codeOf(h.store().listFeedback({ since: 'yesterday' }))).toBe('INPUT_INVALID')
 */
export async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise
    return null
  } catch (e) {
    return isWismoError(e) ? e.code : 'not a WismoError'
  }
}
