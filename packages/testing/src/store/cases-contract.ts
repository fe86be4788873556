import { createWismo, defineCarrier, isWismoError, type TrackingUpdate } from '@wismo/core'
import { describe, expect } from 'vitest'
import type { Harness } from './harness.ts'

/** A carrier that only receives updates (tests feed them through `wismo.ingest`). */
const acme = defineCarrier({
  id: 'acme',
  capabilities: { track: true },
  setup: () => ({ track: async () => [] }),
})

let counter = 0
const fresh = () => `ACME${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`

type Scan = TrackingUpdate['events'][number]
const scan = (status: Scan['status'], occurredAt: string, extra: Partial<Scan> = {}): Scan => ({
  status,
  rawCode: status.toUpperCase(),
  rawText: status,
  occurredAt,
  location: { city: 'Memphis', region: 'TN', country: 'US' },
  ...extra,
})

/**
 * The core contract through `createWismo` on the store under test: what a host sees when real
 * carriers send a parcel's scans by webhook and poll, with and without their own ids.
 */
export function contractCases(h: Harness): void {
  describe('core contract on this store', () => {
    const wismo = () =>
      createWismo({ store: h.store(), carriers: [acme()], clock: () => new Date('2026-03-10T12:00:00Z') })

    h.test('one shipment per parcel: a webhook with the carrier id and a poll without it', async () => {
      const w = wismo()
      const number = fresh()
      await w.registerOrder({ id: `o-${number}` })
      const spaced = `${number.slice(0, 4)} ${number.slice(4)}`.toLowerCase()
      const registered = await w.registerShipment({
        orderId: `o-${number}`,
        trackingNumber: spaced,
        carrier: 'acme',
      })
      const hook = scan('in_transit', '2026-03-08T14:00:00Z', { providerEventId: 'evt_1' })
      await w.ingest({
        carrier: 'acme',
        trackingNumber: number,
        carrierShipmentId: 'trk_1',
        source: 'webhook',
        events: [hook],
      })
      const polled = [
        scan('in_transit', '2026-03-08T14:00:00+00:00'),
        scan('delivered', '2026-03-09T10:00:00Z'),
      ]
      await w.ingest({
        carrier: 'acme',
        trackingNumber: number.toLowerCase(),
        source: 'poll',
        events: polled,
      })
      const shipments = await w.listShipments(`o-${number}`)
      expect(shipments.map((s) => [s.id, s.status, s.carrierShipmentId])).toEqual([
        [registered.id, 'delivered', 'trk_1'],
      ])
      expect((await w.getShipment(registered.id)).timeline).toHaveLength(2)
      const again = await w.registerShipment({
        orderId: `o-${number}`,
        trackingNumber: number,
        carrier: 'acme',
      })
      expect(again.id).toBe(registered.id)
      expect((await w.findShipment('acme', spaced))?.shipment.id).toBe(registered.id)
      expect(
        (await h.store().listShipments({})).items.filter((s) => s.trackingNumber === number),
      ).toHaveLength(1)
    })

    h.test('registration links a shipment first seen by webhook to its order, once', async () => {
      const w = wismo()
      const number = fresh()
      const first = await w.ingest({
        carrier: 'acme',
        trackingNumber: number,
        carrierShipmentId: 'trk_7',
        source: 'webhook',
        events: [scan('in_transit', '2026-03-08T14:00:00Z')],
      })
      await w.registerOrder({ id: `o-${number}` })
      const linked = await w.registerShipment({
        orderId: `o-${number}`,
        trackingNumber: number,
        carrier: 'acme',
        promisedDate: '2026-03-12',
        metadata: { sku: 'A1' },
      })
      expect(linked.id).toBe(first.shipment?.id)
      expect(linked).toMatchObject({
        orderId: `o-${number}`,
        promisedDate: '2026-03-12',
        metadata: { sku: 'A1' },
      })
      expect(linked.status).toBe('in_transit')
      expect((await w.listShipments(`o-${number}`)).map((s) => s.id)).toEqual([linked.id])
      await w.registerOrder({ id: `other-${number}` })
      await expect(
        w.registerShipment({ orderId: `other-${number}`, trackingNumber: number, carrier: 'acme' }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'SHIPMENT_ORDER_CONFLICT'))
      expect((await h.store().getShipment(linked.id))?.orderId).toBe(`o-${number}`)
    })

    h.test('one event per scan: a webhook and four polls in other time notations', async () => {
      const w = wismo()
      const number = fresh()
      const at = [
        '2026-03-08T14:00:00Z',
        '2026-03-08T14:00:00+00:00',
        '2026-03-08T14:00:00.000Z',
        '2026-03-08T09:00:00-05:00',
      ]
      await w.ingest({
        carrier: 'acme',
        trackingNumber: number,
        source: 'webhook',
        events: [scan('in_transit', at[0] as string, { providerEventId: 'evt_42' })],
      })
      for (const time of at)
        await w.ingest({
          carrier: 'acme',
          trackingNumber: number,
          source: 'poll',
          events: [scan('in_transit', time)],
        })
      const view = await w.findShipment('acme', number)
      expect(view?.timeline).toHaveLength(1)
      expect(await h.store().listOutbox({ shipmentId: view?.shipment.id })).toHaveLength(1)
    })

    h.test('keeps a scan dated far in the future without letting it drive the status', async () => {
      const w = wismo()
      const number = fresh()
      const events = [scan('in_transit', '2026-03-09T08:00:00Z'), scan('delivered', '2099-01-01T00:00:00Z')]
      const { shipment } = await w.ingest({
        carrier: 'acme',
        trackingNumber: number,
        source: 'webhook',
        events,
      })
      expect(shipment?.status).toBe('in_transit')
      expect(shipment?.lastEventAt).toBe('2026-03-09T08:00:00Z')
      expect((await w.getShipment(shipment?.id as string)).timeline).toHaveLength(2)
      expect(await h.store().listDeliveries({})).toEqual([])
    })

    h.test('delivers a multi-piece shipment when every piece is, showing the least advanced', async () => {
      const w = wismo()
      const number = fresh()
      const pieces = [`${number}P1`, `${number}P2`]
      const send = (events: Scan[]) =>
        w.ingest({ carrier: 'acme', trackingNumber: number, pieces, source: 'webhook', events })
      await send([scan('in_transit', '2026-03-08T08:00:00Z')])
      const half = await send([scan('delivered', '2026-03-09T08:00:00Z', { piece: pieces[0] })])
      expect(half.shipment?.status).toBe('in_transit')
      expect(half.shipment?.pieces?.map((p) => [p.trackingNumber, p.status])).toEqual([
        [pieces[0], 'delivered'],
        [pieces[1], 'in_transit'],
      ])
      const all = await send([scan('delivered', '2026-03-09T15:00:00Z', { piece: pieces[1] })])
      expect(all.shipment?.status).toBe('delivered')
      expect(all.shipment?.statusChangedAt).toBe('2026-03-09T15:00:00Z')
      const [record] = (await h.store().listDeliveries({})).filter((d) => d.shipmentId === all.shipment?.id)
      expect(record?.deliveredAt).toBe('2026-03-09T15:00:00.000Z')
    })
  })
}
