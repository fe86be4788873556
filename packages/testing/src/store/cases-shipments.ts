import { isWismoError, type WismoStore } from '@wismo/core'
import { describe, expect } from 'vitest'
import { eventFixture, orderFixture, shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const create = (store: WismoStore, shipment = shipmentFixture()) =>
  store.commit({ shipment, expectedVersion: null, events: [], outbox: [] }).then((r) => r.shipment)

/** Orders, shipments, version checks and field round trips. */
export function shipmentCases(h: Harness): void {
  describe('orders and shipments', () => {
    h.test('round-trips an order exactly and keeps createdAt on upsert', async () => {
      const order = orderFixture()
      await h.store().putOrder(order)
      expect(await h.store().getOrder(order.id)).toEqual(order)
      await h.store().putOrder({ ...order, createdAt: '2030-01-01T00:00:00.000Z', metadata: { v: '2' } })
      expect(await h.store().getOrder(order.id)).toEqual({ ...order, metadata: { v: '2' } })
      expect(await h.store().getOrder('missing')).toBeNull()
    })

    h.test('round-trips every shipment field exactly', async () => {
      const shipment = shipmentFixture({
        carrierShipmentId: 'fedex-uid-1',
        subStatus: 'customs_hold',
        status: 'exception',
      })
      await create(h.store(), shipment)
      expect(await h.store().getShipment(shipment.id)).toEqual(shipment)
      const found = await h.store().findShipment({
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        carrierShipmentId: 'fedex-uid-1',
      })
      expect(found).toEqual(shipment)
      expect(
        await h.store().findShipment({ carrier: 'other', trackingNumber: shipment.trackingNumber }),
      ).toBeNull()
    })

    h.test('keeps two shipments that share a reused number apart by carrier shipment id', async () => {
      const a = shipmentFixture({ carrier: 'fedex', trackingNumber: '123456789012', carrierShipmentId: 'u1' })
      const b = shipmentFixture({ carrier: 'fedex', trackingNumber: '123456789012', carrierShipmentId: 'u2' })
      await create(h.store(), a)
      await create(h.store(), b)
      expect(
        (
          await h
            .store()
            .findShipment({ carrier: 'fedex', trackingNumber: '123456789012', carrierShipmentId: 'u2' })
        )?.id,
      ).toBe(b.id)
    })

    h.test('rejects creating an existing identity with STORE_DUPLICATE', async () => {
      const shipment = shipmentFixture()
      await create(h.store(), shipment)
      const again = shipmentFixture({ trackingNumber: shipment.trackingNumber })
      await expect(create(h.store(), again)).rejects.toSatisfy((e) => isWismoError(e, 'STORE_DUPLICATE'))
      expect(await h.store().getShipment(again.id)).toBeNull()
    })

    h.test('rejects a stale version with STORE_CONFLICT and writes nothing', async () => {
      const shipment = await create(h.store())
      const ok = { ...shipment, version: 1, status: 'in_transit' as const }
      await h.store().commit({ shipment: ok, expectedVersion: 0, events: [], outbox: [] })
      const stale = { ...shipment, version: 1, status: 'delivered' as const }
      const event = eventFixture(shipment, 1, '2026-03-02T10:00:00+01:00')
      const row = { idempotencyKey: `k-${shipment.id}`, shipmentId: shipment.id, topic: 't', payload: {} }
      await expect(
        h.store().commit({ shipment: stale, expectedVersion: 0, events: [event], outbox: [row] }),
      ).rejects.toSatisfy((e) => isWismoError(e, 'STORE_CONFLICT'))
      expect((await h.store().getShipment(shipment.id))?.status).toBe('in_transit')
      expect((await h.store().listEvents(shipment.id)).items).toHaveLength(0)
      expect(await h.store().listOutbox({ shipmentId: shipment.id })).toHaveLength(0)
      const probe = h.probe()
      if (probe) {
        expect(await probe.countEvents(shipment.id)).toBe(0)
        expect(await probe.countOutbox(row.idempotencyKey)).toBe(0)
        expect(await probe.shipmentVersion(shipment.id)).toBe(1)
      }
    })

    h.test('lets exactly one of many concurrent writers of one version win', async () => {
      const shipment = await create(h.store())
      const attempts = Array.from({ length: 12 }, (_, i) =>
        h.store().commit({
          shipment: { ...shipment, version: 1, subStatus: `writer-${i}` },
          expectedVersion: 0,
          events: [eventFixture(shipment, i, `2026-03-02T10:0${i % 10}:00Z`, { dedupKey: `w${i}` })],
          outbox: [],
        }),
      )
      const results = await Promise.allSettled(attempts)
      const won = results.filter((r) => r.status === 'fulfilled')
      expect(won).toHaveLength(1)
      for (const r of results)
        if (r.status === 'rejected') expect(isWismoError(r.reason, 'STORE_CONFLICT')).toBe(true)
      expect((await h.store().listEvents(shipment.id)).items).toHaveLength(1)
    })

    h.test('lists shipments of an order in pages without gaps or repeats', async () => {
      const order = orderFixture()
      await h.store().putOrder(order)
      const ids: string[] = []
      for (let i = 0; i < 7; i++) {
        const s = shipmentFixture({ orderId: order.id, createdAt: `2026-03-01T10:00:0${i}.000Z` })
        ids.push(s.id)
        await create(h.store(), s)
      }
      await create(h.store(), shipmentFixture())
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page = await h.store().listShipments({ orderId: order.id, limit: 3, cursor })
        seen.push(...page.items.map((s) => s.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(seen).toEqual(ids)
    })

    h.test('counts shipments by status', async () => {
      const a = await create(h.store())
      await create(h.store())
      await h.store().commit({
        shipment: { ...a, version: 1, status: 'delivered' },
        expectedVersion: 0,
        events: [],
        outbox: [],
      })
      const counts = await h.store().countByStatus()
      expect(counts.delivered).toBe(1)
      expect(counts.pending).toBe(1)
    })

    h.test('stores recipient preferences', async () => {
      const prefs = { email: false, sms: true, mutedTriggers: ['in_transit', 'delayed'] }
      await h.store().setPreferences('customer:ana', prefs)
      expect(await h.store().getPreferences('customer:ana')).toEqual(prefs)
      await h.store().setPreferences('customer:ana', { ...prefs, email: true })
      expect((await h.store().getPreferences('customer:ana'))?.email).toBe(true)
      expect(await h.store().getPreferences('customer:nobody')).toBeNull()
    })
  })
}
