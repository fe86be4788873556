import { describe, expect, it } from 'vitest'
import type { Shipment } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo } from '../wismo.ts'
import { defineCarrier } from './define-carrier.ts'
import { PUSH_UNTIL_KEY } from './subscribe.ts'

const DAY = 86_400_000

/** A carrier with push subscriptions of 14 days that fails its first `failures` calls. */
function world(failures: number) {
  let t = Date.parse('2026-03-02T12:00:00Z')
  const registered: string[] = []
  const warnings: string[] = []
  const pusher = defineCarrier({
    id: 'pusher',
    capabilities: { track: true, webhooks: true, register: true },
    setup: () => ({
      track: async () => [],
      register: async (shipment: Shipment) => {
        registered.push(shipment.trackingNumber)
        if (registered.length <= failures) throw new WismoError('CARRIER_UNAVAILABLE', 'try later')
        return { expiresAt: new Date(t + 14 * DAY).toISOString() }
      },
    }),
  })
  const logger = {
    debug() {},
    info() {},
    warn: (_o: object, m?: string) => warnings.push(m ?? ''),
    error() {},
  }
  const wismo = createWismo({ store: memoryStore(), carriers: [pusher()], clock: () => new Date(t), logger })
  return { wismo, registered, warnings, advance: (ms: number) => (t += ms) }
}

describe('push subscriptions', () => {
  it('subscribes a registered shipment, retrying failures, and keeps when it ends', async () => {
    const w = world(2)
    const s = await w.wismo.registerShipment({ trackingNumber: 'PUSH1', carrier: 'pusher' })
    expect(w.registered).toEqual(['PUSH1', 'PUSH1', 'PUSH1'])
    expect(s.metadata[PUSH_UNTIL_KEY]).toBe('2026-03-16T12:00:00.000Z')
    // Registering again while the subscription runs does not subscribe again.
    await w.wismo.registerShipment({ trackingNumber: 'PUSH1', carrier: 'pusher' })
    expect(w.registered).toHaveLength(3)
  }, 30_000)

  it('renews a subscription about to end when the shipment is polled', async () => {
    const w = world(0)
    await w.wismo.registerShipment({ trackingNumber: 'PUSH2', carrier: 'pusher' })
    w.advance(5 * DAY)
    await w.wismo.workers.pollDue({ workerId: 'p' })
    expect(w.registered).toHaveLength(1) // 9 days left
    w.advance(7 * DAY)
    await w.wismo.workers.pollDue({ workerId: 'p' })
    expect(w.registered).toHaveLength(2) // 2 days left: renewed
    const shipment = (await w.wismo.findShipment('pusher', 'PUSH2'))?.shipment
    expect(shipment?.metadata[PUSH_UNTIL_KEY]).toBe('2026-03-28T12:00:00.000Z')
  })

  it('keeps a registration whose carrier refuses to push, and says so', async () => {
    const w = world(99)
    const s = await w.wismo.registerShipment({ trackingNumber: 'PUSH3', carrier: 'pusher' })
    expect(s.metadata[PUSH_UNTIL_KEY]).toBeUndefined()
    expect(w.warnings).toContain('push subscription failed; polling instead')
  }, 30_000)
})
