import { describe, expect, it } from 'vitest'
import { defineCarrier } from '../carrier/define-carrier.ts'
import type { TrackingUpdate } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo } from '../wismo.ts'

const HOUR = 3_600_000

/** A direct carrier that can be taken down, and an aggregator that tracks its numbers. */
function world() {
  let t = Date.parse('2026-03-09T15:00:00Z')
  const calls = { acme: 0, agg: 0 }
  let acmeDown = true
  const scan = (number: string, status: 'in_transit' | 'delivered', code: string): TrackingUpdate => ({
    carrier: 'agg',
    trackingNumber: number,
    carrierShipmentId: `trk_${number}`,
    source: 'poll',
    events: [{ status, rawCode: code, rawText: code, occurredAt: '2026-03-09T14:00:00Z' }],
  })
  const acme = defineCarrier({
    id: 'acme',
    capabilities: { track: true },
    setup: () => ({
      track: async (numbers) => {
        calls.acme++
        if (acmeDown) throw new WismoError('CARRIER_UNAVAILABLE', 'acme answered HTTP 503')
        return numbers.map((n) => ({
          ...scan(n, 'delivered', 'DL'),
          carrier: 'acme',
          carrierShipmentId: null,
        }))
      },
    }),
  })
  const agg = defineCarrier({
    id: 'agg',
    capabilities: { track: true },
    setup: () => ({
      track: async (numbers) => {
        calls.agg++
        return numbers.map((n) => scan(n, 'in_transit', 'IT'))
      },
    }),
  })
  const wismo = createWismo({
    store: memoryStore(),
    carriers: [acme(), agg()],
    clock: () => new Date(t),
    breakers: { failures: 2, halfOpenAfterMs: 60_000 },
    failover: { acme: ['agg'] },
  })
  const poll = async () => {
    t += 7 * HOUR
    return wismo.workers.pollDue({ workerId: 'w', intervals: { pending: HOUR, in_transit: HOUR } })
  }
  return { wismo, calls, poll, heal: () => (acmeDown = false) }
}

describe('breakers and failover in the poller', () => {
  it('tracks through the failover adapter while the breaker is open, filed under the shipment carrier', async () => {
    const w = world()
    const s = await w.wismo.registerShipment({ trackingNumber: 'ACME1', carrier: 'acme' })
    expect(w.wismo.breakerState('acme')).toBe('closed')
    expect(await w.poll()).toMatchObject({ failed: 1 })
    expect(w.calls).toEqual({ acme: 1, agg: 0 })
    // The second failure opens the breaker: the same poll goes through the aggregator.
    expect(await w.poll()).toMatchObject({ tracked: 1, failed: 0 })
    const { shipment, timeline } = await w.wismo.getShipment(s.id)
    expect([shipment.carrier, shipment.status, shipment.carrierShipmentId]).toEqual([
      'acme',
      'in_transit',
      null,
    ])
    expect(timeline.map((e) => e.rawCode)).toEqual(['IT'])
    expect(timeline.map((e) => e.via)).toEqual(['agg'])
    expect([w.wismo.breakerState('acme'), w.wismo.breakerState('agg')]).toEqual(['open', 'closed'])
    expect(() => w.wismo.breakerState('ups')).toThrow(expect.objectContaining({ code: 'CARRIER_UNKNOWN' }))
    // While open, acme is not called at all.
    await w.poll()
    expect(w.calls.acme).toBe(2)
    expect(w.calls.agg).toBe(2)
  }, 30_000)

  it('refuses a failover naming a carrier that is not registered', () => {
    const acme = defineCarrier({
      id: 'acme',
      capabilities: { track: true },
      setup: () => ({ track: async () => [] }),
    })
    expect(() => createWismo({ carriers: [acme()], failover: { acme: ['easypost'] } })).toThrow(/easypost/)
  })
})
