import { dedupKey, deriveState, mergeHistory, type TrackingEvent } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { START, sandboxAt } from '../test/fixtures.ts'
import type { SimulatedShipment } from './shipment.ts'

/** What a run produced, in comparable form (bodies and updates included). */
const snapshot = (shipments: readonly SimulatedShipment[]) =>
  shipments.map((s) => ({ ...s, deliveries: s.deliveries.map((d) => ({ ...d, body: d.body })) }))

// Hundreds of simulated journeys per test: a generous timeout so a busy machine does not fail them.
describe('the simulator', { timeout: 60_000 }, () => {
  it('is deterministic: same seed and calls ⇒ same numbers, journeys, webhooks and signatures', async () => {
    const [a, b] = [sandboxAt(), sandboxAt()]
    const runA = [
      a.simulator.ship({ scenario: 'returned' }),
      ...a.simulator.simulateMany({ count: 200, spreadMinutes: 600 }).shipments,
    ]
    const runB = [
      b.simulator.ship({ scenario: 'returned' }),
      ...b.simulator.simulateMany({ count: 200, spreadMinutes: 600 }).shipments,
    ]
    expect(snapshot(runA)).toEqual(snapshot(runB))
    const [da, db] = [runA[0]?.deliveries[0], runB[0]?.deliveries[0]]
    if (!da || !db) throw new Error('a shipment has webhooks')
    const [ra, rb] = await Promise.all([a.simulator.toRequest(da), b.simulator.toRequest(db)])
    expect([...ra.headers]).toEqual([...rb.headers])
    const other = sandboxAt(START, { seed: 43 }).simulator.ship({ scenario: 'returned' })
    expect(other.trackingNumber).not.toBe(runA[0]?.trackingNumber)
  })

  it('follows the scenario weights', () => {
    const { simulator } = sandboxAt(START, {
      scenarios: { delivered: 0, failedAttempt: 0, exception: 0, returned: 1, lost: 0 },
    })
    expect(new Set(simulator.simulateMany({ count: 50 }).shipments.map((s) => s.scenario))).toEqual(
      new Set(['returned']),
    )
  })

  it('picks a lane to the destination country asked for', () => {
    const { simulator } = sandboxAt()
    for (let i = 0; i < 10; i++) {
      const s = simulator.ship({ destination: { country: 'NZ' } })
      expect(s.destination.country).toBe('NZ')
    }
  })

  it('spreads label times and returns deliveries in delivery order', () => {
    const { simulator } = sandboxAt()
    const run = simulator.simulateMany({ count: 100, spreadMinutes: 100, start: new Date(START) })
    const labels = run.shipments.map((s) => s.scans[0]?.at ?? 0)
    expect(Math.min(...labels)).toBe(Date.parse(START))
    expect(Math.max(...labels)).toBe(Date.parse(START) + 99 * 60_000)
    expect(run.deliveries.map((d) => d.deliverAt)).toEqual(
      run.deliveries.map((d) => d.deliverAt).sort((x, y) => x - y),
    )
    expect(run.deliveries.length).toBe(run.shipments.reduce((n, s) => n + s.deliveries.length, 0))
  })

  it('hands out each due delivery once, in order', () => {
    const { simulator } = sandboxAt()
    const all = simulator.simulateMany({ count: 30 }).deliveries
    const cuts = [1, 6, 30, 100, 400].map((h) => Date.parse(START) + h * 3_600_000)
    const taken = cuts.flatMap((cut) => {
      const batch = simulator.takeDeliveries(new Date(cut))
      expect(batch.every((d) => d.deliverAt <= cut)).toBe(true)
      return batch
    })
    expect(taken.map((d) => `${d.id}@${d.deliverAt}`)).toEqual(all.map((d) => `${d.id}@${d.deliverAt}`))
    expect(simulator.takeDeliveries(new Date(8.64e15))).toEqual([])
  })

  it('ends every shipment in its terminal state when its webhooks are merged as delivered', async () => {
    const { simulator } = sandboxAt(START, { duplicateRate: 0.2, outOfOrderRate: 0.3, localTimeRate: 0.3 })
    const { shipments, deliveries } = simulator.simulateMany({ count: 300 })
    const histories = new Map<string, TrackingEvent[][]>()
    for (const d of deliveries) {
      const events = await Promise.all(
        d.update.events.map(async (e) => toEvent(e, await dedupKey(e), d.deliverAt)),
      )
      histories.set(d.trackingNumber, [...(histories.get(d.trackingNumber) ?? []), events])
    }
    for (const s of shipments) {
      const history = mergeHistory(...(histories.get(s.trackingNumber) ?? []))
      expect(history.length).toBe(s.scans.length)
      expect(deriveState(history).status, `${s.trackingNumber} (${s.scenario})`).toBe(s.terminal)
    }
  })

  it('rejects invalid simulator input with INPUT_INVALID', () => {
    const { simulator } = sandboxAt()
    const bad = [
      () => simulator.simulateMany({ count: 0 }),
      () => simulator.ship({ lane: 'nowhere' }),
      () => simulator.ship({ scenario: 'vanished' as never }),
    ]
    for (const call of bad) expect(call).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })
})

function toEvent(
  e: SimulatedShipment['deliveries'][number]['update']['events'][number],
  key: string,
  receivedAt: string | number | Date,
): TrackingEvent {
  // Received when the webhook is delivered: scans are dated before their receipt.
  const at = new Date(receivedAt).toISOString()
  return { ...e, dedupKey: key, shipmentId: 'shp', receivedAt: at, source: 'webhook' }
}
