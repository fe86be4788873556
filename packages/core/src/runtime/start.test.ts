import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, acmeUpdate, scan } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-03-02T12:00:00Z') }))
afterEach(() => vi.useRealTimers())

describe('wismo.start / stop on a real instance', () => {
  it('polls due shipments and dispatches the outbox on its cadence, then stops with nothing held', async () => {
    const carrier = acmeCarrier({ apiKey: 'k'.repeat(8) })
    const answers = (carrier as unknown as { answers: Map<string, unknown> }).answers
    const store = memoryStore()
    const closed = vi.spyOn(store, 'close')
    const wismo = createWismo({ store, carriers: [carrier] })
    await wismo.registerOrder({ id: 'A-1' })
    const shipment = await wismo.registerShipment({ orderId: 'A-1', trackingNumber: 'ACME00000001' })
    answers.set('ACME00000001', {
      ...acmeUpdate('ACME00000001', [scan(1, 'in_transit', '2026-03-02T11:00:00Z')]),
      source: 'poll',
    })
    const sent: string[] = []
    wismo.start({
      workerId: 'w1',
      dispatch: async (row) => void sent.push(row.topic),
      every: { dispatch: 1000 },
    })
    expect((await wismo.health.ready()).status).toBe(200)
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(async () =>
      expect((await wismo.getShipment(shipment.id)).shipment.status).toBe('in_transit'),
    )
    await vi.advanceTimersByTimeAsync(1000)
    expect(sent).toContain('shipment.status_changed')
    const report = await wismo.stop({ timeoutMs: 5000 })
    expect(report.drained).toBe(true)
    expect(closed).toHaveBeenCalledOnce()
    expect((await store.listOutbox({ state: 'pending' })).filter((r) => r.leaseOwner === 'w1')).toEqual([])
    expect((await wismo.health.ready()).status).toBe(503)
  })

  it('on stop hands out no further row of its batch, and gives the leases back', async () => {
    const store = memoryStore()
    const wismo = createWismo({ store, carriers: [] })
    const keys = ['k1', 'k2', 'k3']
    await store.enqueue(
      keys.map((k) => ({ idempotencyKey: k, shipmentId: null, topic: 'shop.event', payload: {} })),
      { now: new Date().toISOString() },
    )
    const handed: string[] = []
    let release = () => {}
    wismo.start({
      workerId: 'w1',
      dispatch: (row) => {
        handed.push(row.idempotencyKey)
        return new Promise((resolve) => {
          release = () => resolve(undefined)
        })
      },
    })
    await vi.advanceTimersByTimeAsync(0)
    expect((await store.listOutbox({ state: 'pending' })).map((r) => r.leaseOwner)).toEqual([
      'w1',
      'w1',
      'w1',
    ])
    const stopping = wismo.stop({ timeoutMs: 2000 })
    await vi.advanceTimersByTimeAsync(100)
    release() // the row in hand finishes; the batch goes no further
    const report = await stopping
    expect(handed).toHaveLength(1)
    expect(report).toEqual({ drained: true, released: { outbox: 2, polls: 0 } })
    const rows = await store.claimOutbox({
      workerId: 'w2',
      limit: 10,
      leaseMs: 60_000,
      now: new Date().toISOString(),
    })
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual(keys.filter((k) => k !== handed[0]))
  })

  it('gives back a lease held when it stops, so another worker takes the row at once', async () => {
    const store = memoryStore()
    const wismo = createWismo({ store, carriers: [] })
    await store.enqueue([{ idempotencyKey: 'k1', shipmentId: null, topic: 'shop.event', payload: {} }], {
      now: new Date().toISOString(),
    })
    let release = () => {}
    wismo.start({
      workerId: 'w1',
      dispatch: () =>
        new Promise((resolve) => {
          release = () => resolve(undefined)
        }),
    })
    await vi.advanceTimersByTimeAsync(0)
    const held = await store.listOutbox({ state: 'pending' })
    expect(held.map((r) => r.leaseOwner)).toEqual(['w1'])
    const stopping = wismo.stop({ timeoutMs: 2000 })
    await vi.advanceTimersByTimeAsync(2000)
    const report = await stopping
    expect(report).toEqual({ drained: false, released: { outbox: 1, polls: 0 } })
    const [row] = await store.claimOutbox({
      workerId: 'w2',
      limit: 10,
      leaseMs: 60_000,
      now: new Date().toISOString(),
    })
    expect(row?.idempotencyKey).toBe('k1')
    release()
  })
})

describe('readiness and the outbox', () => {
  it('counts rows for the host only while this process dispatches them', async () => {
    const store = memoryStore()
    const wismo = createWismo({ store, carriers: [], health: { maxOutboxDepth: 1 } })
    await store.enqueue(
      ['e1', 'e2'].map((k) => ({
        idempotencyKey: k,
        shipmentId: null,
        topic: 'shipment.status_changed',
        payload: {},
      })),
      { now: new Date().toISOString() },
    )
    // Nobody here dispatches shop events: they do not make the process look backed up.
    expect((await wismo.health.ready()).status).toBe(200)
    wismo.start({ dispatch: () => new Promise(() => {}), every: { dispatch: 60_000 } })
    const body = (await (await wismo.health.ready()).json()) as { checks: { outboxDepth: { ok: boolean } } }
    expect(body.checks.outboxDepth.ok).toBe(false)
    const stopping = wismo.stop({ timeoutMs: 10 })
    await vi.advanceTimersByTimeAsync(10)
    await stopping
  })
})
