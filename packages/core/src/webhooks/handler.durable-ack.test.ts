import { describe, expect, it } from 'vitest'
import { WismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo } from '../wismo.ts'
import { hookCarrier, signedRequest, trackingBody } from './hook-carrier.test-helpers.ts'
import type { ReplayGuard } from './verify/replay-guard.ts'

type Store = ReturnType<typeof memoryStore>

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/**
 * A store whose next commit waits inside ingest until released, then fails with the given error
 * or goes through: a slow database write whose outcome the test decides.
 */
function slowStore(store: Store = memoryStore()) {
  let gate: {
    entered: ReturnType<typeof deferred<void>>
    release: ReturnType<typeof deferred<Error | null>>
  } | null = null
  const slow: Store = {
    ...store,
    commit: async (write) => {
      const held = gate
      gate = null
      if (held) {
        held.entered.resolve()
        const failure = await held.release.promise
        if (failure) throw failure
      }
      return store.commit(write)
    },
  }
  const holdNextCommit = () => {
    gate = { entered: deferred<void>(), release: deferred<Error | null>() }
    return gate
  }
  return { store: slow, holdNextCommit }
}

const body = trackingBody('HKD1', [{ id: 's1', status: 'in_transit', at: '2026-03-01T10:00:00Z' }])
const send = async (w: ReturnType<typeof createWismo>, id: string) => {
  const res = await w.webhooks.handle(await signedRequest(body, { id }))
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }
}
const stored = async (w: ReturnType<typeof createWismo>) =>
  (await w.findShipment('hooks', 'HKD1'))?.timeline.length ?? 0

describe('no acknowledged update lost', () => {
  it('answers a retry of a message still being written with a retryable 503, never 200; after the first write fails, the next retry is stored', async () => {
    const slow = slowStore()
    const w = createWismo({ store: slow.store, carriers: [hookCarrier()] })
    const gate = slow.holdNextCommit()
    const first = send(w, 'msg_slow')
    await gate.entered.promise

    const retry = await send(w, 'msg_slow')
    expect(retry).toEqual({ status: 503, retryAfter: '1', body: { ok: false, error: 'WEBHOOK_IN_FLIGHT' } })

    gate.release.resolve(new WismoError('STORE_UNAVAILABLE', 'database restarting'))
    expect((await first).status).toBe(503)
    expect(await stored(w)).toBe(0)

    const next = await send(w, 'msg_slow')
    expect(next).toMatchObject({ status: 200, body: { ok: true, updates: 1, newEvents: 1 } })
    expect(await stored(w)).toBe(1)
  })

  it('acknowledges a retry as a duplicate only after the first write committed', async () => {
    const slow = slowStore()
    const w = createWismo({ store: slow.store, carriers: [hookCarrier()] })
    const gate = slow.holdNextCommit()
    const first = send(w, 'msg_ok')
    await gate.entered.promise
    expect((await send(w, 'msg_ok')).status).toBe(503)
    gate.release.resolve(null)
    expect(await first).toMatchObject({ status: 200, body: { ok: true, newEvents: 1 } })
    expect(await send(w, 'msg_ok')).toMatchObject({ status: 200, body: { ok: true, duplicate: true } })
    expect(await stored(w)).toBe(1)
  })

  it('across processes (two instances, one store) a retry is ingested again and acknowledged after its own write', async () => {
    const shared = memoryStore()
    const slow = slowStore(shared)
    const processA = createWismo({ store: slow.store, carriers: [hookCarrier()] })
    const processB = createWismo({ store: shared, carriers: [hookCarrier()] })
    const gate = slow.holdNextCommit()
    const first = send(processA, 'msg_spread')
    await gate.entered.promise

    const retry = await send(processB, 'msg_spread')
    expect(retry).toMatchObject({ status: 200, body: { ok: true, newEvents: 1 } })
    expect(await stored(processB)).toBe(1) // durable before the 200

    gate.release.resolve(null)
    expect(await first).toMatchObject({ status: 200, body: { ok: true, newEvents: 0 } })
    expect(await stored(processA)).toBe(1)
  })

  it('bypasses a replay guard that fails: the delivery is still stored and acknowledged', async () => {
    const broken: ReplayGuard = {
      begin: async () => {
        throw new Error('guard backend down')
      },
      complete: async () => {},
      abort: async () => {},
    }
    const w = createWismo({
      store: memoryStore(),
      carriers: [hookCarrier()],
      webhooks: { replayGuard: broken },
    })
    expect(await send(w, 'msg_guardless')).toMatchObject({ status: 200, body: { ok: true, newEvents: 1 } })
    expect(await stored(w)).toBe(1)
  })

  it('refuses a replay guard of the old shape (seen/forget) at creation', () => {
    const old = { seen: async () => false, forget: async () => {} }
    expect(() =>
      createWismo({ carriers: [hookCarrier()], webhooks: { replayGuard: old as unknown as ReplayGuard } }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})
