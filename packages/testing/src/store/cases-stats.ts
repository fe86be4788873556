import type { DeliveredRecord, Shipment, Status, WismoStore } from '@wismo/core'
import { describe, expect } from 'vitest'
import { largePayload, unusualShipment } from './cases-roundtrip.ts'
import { eventFixture, orderFixture, shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const create = (store: WismoStore, shipment: Shipment, delivery?: DeliveredRecord) =>
  store.commit({ shipment, expectedVersion: null, events: [], outbox: [], ...(delivery ? { delivery } : {}) })

function delivery(
  shipment: Shipment,
  deliveredAt: string,
  extra: Partial<DeliveredRecord> = {},
): DeliveredRecord {
  return {
    shipmentId: shipment.id,
    carrier: shipment.carrier,
    service: shipment.service,
    originRegion: 'SP',
    destinationRegion: 'RJ',
    purchasedAt: null,
    handedOverAt: '2026-03-02T09:00:00.000Z',
    deliveredAt,
    promisedDate: null,
    ...extra,
  }
}

/** The reads the ETA model and the dashboard rely on, preferences, and surviving a restart. */
export function statsCases(h: Harness): void {
  describe('statistics and preferences', () => {
    h.test('counts shipments by status across the whole taxonomy', async () => {
      expect(await h.store().countByStatus()).toEqual({})
      const plan: [Status, number][] = [
        ['pending', 2],
        ['in_transit', 3],
        ['delivered', 1],
        ['exception', 1],
        ['available_for_pickup', 2],
      ]
      const made: Shipment[] = []
      for (const [status, n] of plan)
        for (let i = 0; i < n; i++) made.push((await create(h.store(), shipmentFixture({ status }))).shipment)
      const moving = made.find((s) => s.status === 'in_transit') as Shipment
      await h.store().commit({
        shipment: { ...moving, version: 1, status: 'delivered' },
        expectedVersion: 0,
        events: [],
        outbox: [],
      })
      expect(await h.store().countByStatus()).toEqual({
        pending: 2,
        in_transit: 2,
        delivered: 2,
        exception: 1,
        available_for_pickup: 2,
      })
    })

    h.test('lists shipments filtered by status, in creation order, across pages', async () => {
      const order = orderFixture()
      const wanted: string[] = []
      for (let i = 0; i < 9; i++) {
        const status = (['in_transit', 'exception', 'delivered'] as const)[i % 3] as Status
        const s = shipmentFixture({
          status,
          orderId: i < 6 ? order.id : null,
          createdAt: `2026-03-01T10:00:0${i}.000Z`,
        })
        if (status !== 'delivered') wanted.push(s.id)
        await create(h.store(), s)
      }
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page = await h.store().listShipments({ status: ['in_transit', 'exception'], limit: 2, cursor })
        seen.push(...page.items.map((s) => s.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(seen).toEqual(wanted)
      const ofOrder = await h.store().listShipments({ orderId: order.id, status: ['exception'] })
      expect(ofOrder.items.map((s) => s.status)).toEqual(['exception', 'exception'])
    })

    h.test(
      'keeps one delivery record per shipment, replaced when it is redelivered, with since and limit',
      async () => {
        const [a, b, c] = [shipmentFixture(), shipmentFixture(), shipmentFixture()]
        const first = delivery(a, '2026-03-06T10:00:00.000Z', {
          weightKg: 1.25,
          distanceKm: 412.5,
          destinationArea: '20',
          gaps: [{ milestone: 'in_transit', hours: 30.5 }],
        })
        await create(h.store(), a, first)
        await create(h.store(), b, delivery(b, '2026-03-04T10:00:00.000Z'))
        await create(
          h.store(),
          c,
          delivery(c, '2026-03-05T10:00:00.000Z', { originCountry: 'BR', destinationCountry: null }),
        )
        const moved = delivery(b, '2026-03-07T10:00:00.000Z', { service: null })
        await h.store().commit({
          shipment: { ...b, version: 1 },
          expectedVersion: 0,
          events: [],
          outbox: [],
          delivery: moved,
        })
        const list = await h.store().listDeliveries({})
        expect(list.map((d) => d.shipmentId)).toEqual([c.id, a.id, b.id])
        expect(list[1]).toEqual(first)
        expect(list[2]).toEqual(moved)
        expect(
          (await h.store().listDeliveries({ since: '2026-03-06T10:00:00.000Z' })).map((d) => d.shipmentId),
        ).toEqual([a.id, b.id])
        expect((await h.store().listDeliveries({ limit: 2 })).map((d) => d.shipmentId)).toEqual([c.id, a.id])
      },
    )

    h.test('keeps preferences per recipient, including unicode recipients', async () => {
      const ana = { email: true, sms: false, mutedTriggers: ['delayed', 'in_transit', 'out_for_delivery'] }
      const zoe = { email: false, sms: true, mutedTriggers: [] }
      await h.store().setPreferences('customer:ana', ana)
      await h.store().setPreferences('customer:zoë 山田', zoe)
      expect(await h.store().getPreferences('customer:ana')).toEqual(ana)
      expect(await h.store().getPreferences('customer:zoë 山田')).toEqual(zoe)
      await h.store().setPreferences('customer:ana', { ...ana, mutedTriggers: [] })
      expect(await h.store().getPreferences('customer:ana')).toEqual({ ...ana, mutedTriggers: [] })
      expect(await h.store().getPreferences('customer:zoë 山田')).toEqual(zoe)
    })
  })

  describe('restart', () => {
    h.testRestart(
      'keeps everything across a restart',
      async (reopen) => {
        const order = orderFixture()
        const shipment = { ...unusualShipment(), orderId: order.id }
        const events = [
          eventFixture(shipment, 1, '2026-03-02T23:30:00-05:00'),
          eventFixture(shipment, 2, '2026-03-02'),
        ]
        const row = {
          idempotencyKey: `restart-${shipment.id}`,
          shipmentId: shipment.id,
          topic: 'raw',
          payload: largePayload(),
        }
        const record = delivery(shipment, '2026-03-06T10:00:00.000Z')
        await h.store().putOrder(order)
        await h.store().commit({
          shipment,
          expectedVersion: null,
          events,
          outbox: [row],
          delivery: record,
          nextPollAt: '2026-03-01T00:00:00.000Z',
        })
        await h
          .store()
          .setPreferences('customer:restart', { email: false, sms: true, mutedTriggers: ['delayed'] })
        const store = await reopen()
        expect(await store.getOrder(order.id)).toEqual(order)
        expect(await store.getShipment(shipment.id)).toEqual(shipment)
        expect((await store.listEvents(shipment.id)).items).toEqual([events[1], events[0]])
        expect((await store.listOutbox({ shipmentId: shipment.id }))[0]?.payload).toEqual(row.payload)
        expect(await store.listDeliveries({})).toEqual([record])
        expect(await store.getPreferences('customer:restart')).toEqual({
          email: false,
          sms: true,
          mutedTriggers: ['delayed'],
        })
        expect(
          (
            await store.claimDuePolls({
              workerId: 'p',
              limit: 5,
              leaseMs: 1000,
              now: new Date().toISOString(),
            })
          ).map((s) => s.id),
        ).toEqual([shipment.id])
      },
      30_000,
    )
  })
}
