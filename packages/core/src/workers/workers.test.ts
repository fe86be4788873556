import { describe, expect, it } from 'vitest'
import { WismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, scan } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

function world() {
  let t = Date.parse('2026-03-01T12:00:00Z')
  const clock = {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms
    },
  }
  const carrier = acmeCarrier({ apiKey: 'secret-key-123' })
  const wismo = createWismo({ store: memoryStore(), carriers: [carrier], clock: clock.now })
  return { wismo, clock, answers: (carrier as unknown as { answers: Map<string, unknown> }).answers }
}

describe('outbox dispatcher', () => {
  it('sends each row once, retries retryable failures with backoff and buries the rest', async () => {
    const { wismo, clock } = world()
    await wismo.store.enqueue(
      ['a', 'b', 'c'].map((k) => ({
        idempotencyKey: k,
        shipmentId: null,
        topic: 't',
        payload: { k },
      })),
      { now: clock.now().toISOString() },
    )
    const sent: string[] = []
    const handle = async (row: { idempotencyKey: string }) => {
      if (row.idempotencyKey === 'b') throw new WismoError('NOTIFY_UNAVAILABLE', 'smtp down')
      if (row.idempotencyKey === 'c') throw new WismoError('NOTIFY_REQUEST_REJECTED', 'bad address')
      sent.push(row.idempotencyKey)
      return { providerMessageId: `m-${row.idempotencyKey}` }
    }
    const first = await wismo.workers.dispatchOutbox({ workerId: 'w', handle })
    expect(first).toEqual({ claimed: 3, completed: 1, retried: 1, dead: 1, lost: 0, unrecorded: 0 })
    expect((await wismo.workers.dispatchOutbox({ workerId: 'w', handle })).claimed).toBe(0)
    clock.advance(31_000)
    const second = await wismo.workers.dispatchOutbox({
      workerId: 'w',
      handle: async () => ({ providerMessageId: 'm-b' }),
    })
    expect(second).toMatchObject({ claimed: 1, completed: 1 })
    expect(sent).toEqual(['a'])
    expect((await wismo.store.listOutbox({ state: 'done' })).map((r) => r.providerMessageId).sort()).toEqual([
      'm-a',
      'm-b',
    ])
  })
})

describe('poller', () => {
  it('tracks due shipments, ingests answers and schedules the next poll by status', async () => {
    const { wismo, clock, answers } = world()
    const s = await wismo.registerShipment({ trackingNumber: 'ACME00000010' })
    answers.set('ACME00000010', {
      carrier: 'acme',
      trackingNumber: 'ACME00000010',
      source: 'poll',
      events: [scan(1, 'out_for_delivery', '2026-03-01T08:00:00Z')],
    })
    expect(await wismo.workers.pollDue({ workerId: 'p' })).toEqual({
      claimed: 1,
      tracked: 1,
      failed: 0,
      expired: 0,
    })
    expect((await wismo.getShipment(s.id)).shipment.status).toBe('out_for_delivery')
    expect((await wismo.workers.pollDue({ workerId: 'p' })).claimed).toBe(0)
    clock.advance(3_600_001)
    answers.set('ACME00000010', {
      carrier: 'acme',
      trackingNumber: 'ACME00000010',
      source: 'poll',
      events: [scan(2, 'delivered', '2026-03-01T13:00:00Z')],
    })
    expect((await wismo.workers.pollDue({ workerId: 'p' })).tracked).toBe(1)
    clock.advance(365 * 24 * 3_600_000)
    expect((await wismo.workers.pollDue({ workerId: 'p' })).claimed).toBe(0)
  })
})
