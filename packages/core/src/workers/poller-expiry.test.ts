import { describe, expect, it } from 'vitest'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, scan } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

const DAY = 86_400_000

/** An instance on an injected clock whose carrier answers only what `answers` holds. */
function world() {
  let t = Date.parse('2026-03-01T12:00:00Z')
  const clock = () => new Date(t)
  const advance = (ms: number) => {
    t += ms
  }
  const carrier = acmeCarrier({ apiKey: 'secret-key-123' })
  const wismo = createWismo({ store: memoryStore(), carriers: [carrier], clock })
  const answers = (carrier as unknown as { answers: Map<string, unknown> }).answers
  return { wismo, clock, advance, answers }
}

describe('poller: shipments that never get a scan', () => {
  it('expires one after 30 days without a scan, through ingest, and stops polling it', async () => {
    const { wismo, clock, advance } = world()
    const s = await wismo.registerShipment({ trackingNumber: 'ACME00000020' })
    const changes: string[] = []
    wismo.on('shipment.status_changed', ({ from, to }) => changes.push(`${from}->${to}`))
    advance(29 * DAY)
    expect(await wismo.workers.pollDue({ workerId: 'p' })).toMatchObject({ claimed: 1, expired: 0 })
    expect((await wismo.getShipment(s.id)).shipment.status).toBe('pending')
    advance(DAY)
    expect(await wismo.workers.pollDue({ workerId: 'p' })).toEqual({
      claimed: 1,
      tracked: 1,
      failed: 0,
      expired: 1,
    })
    const { shipment, timeline } = await wismo.getShipment(s.id)
    expect(shipment).toMatchObject({ status: 'expired', subStatus: 'no_information' })
    expect(timeline).toMatchObject([
      {
        status: 'expired',
        subStatus: 'no_information',
        rawCode: 'WISMO_EXPIRED',
        rawText: 'No carrier scan within 30 days; tracking stopped',
        occurredAt: clock().toISOString(),
        source: 'manual',
      },
    ])
    expect(changes).toEqual(['pending->expired'])
    const rows = await wismo.store.listOutbox({ shipmentId: s.id })
    expect(rows.map((r) => [r.topic, r.payload.to])).toEqual([['shipment.status_changed', 'expired']])
    advance(365 * DAY)
    expect((await wismo.workers.pollDue({ workerId: 'p' })).claimed).toBe(0)
  })

  it('never expires a shipment that got a scan', async () => {
    const { wismo, advance, answers } = world()
    const s = await wismo.registerShipment({ trackingNumber: 'ACME00000021' })
    answers.set('ACME00000021', {
      carrier: 'acme',
      trackingNumber: 'ACME00000021',
      source: 'poll',
      events: [scan(1, 'info_received', '2026-03-01T11:00:00Z')],
    })
    await wismo.workers.pollDue({ workerId: 'p' })
    answers.clear()
    advance(60 * DAY)
    expect(await wismo.workers.pollDue({ workerId: 'p' })).toMatchObject({ claimed: 1, expired: 0 })
    expect((await wismo.getShipment(s.id)).shipment.status).toBe('info_received')
  })

  it('takes the age from expireAfterMs, and never expires with null', async () => {
    const { wismo, advance } = world()
    const early = await wismo.registerShipment({ trackingNumber: 'ACME00000022' })
    advance(36 * 3_600_000)
    expect(await wismo.workers.pollDue({ workerId: 'p', expireAfterMs: null })).toMatchObject({ expired: 0 })
    advance(7 * 3_600_000) // past the next poll of a pending shipment (6 h ± jitter)
    expect(await wismo.workers.pollDue({ workerId: 'p', expireAfterMs: 36 * 3_600_000 })).toMatchObject({
      expired: 1,
    })
    const { timeline } = await wismo.getShipment(early.id)
    expect(timeline[0]?.rawText).toBe('No carrier scan within 36 hours; tracking stopped')
  })
})
