import { isWismoError, type Shipment, type WismoStore } from '@wismo/core'
import { describe, expect } from 'vitest'
import { eventFixture, shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

const create = (store: WismoStore, shipment: Shipment) =>
  store.commit({ shipment, expectedVersion: null, events: [], outbox: [] }).then((r) => r.shipment)

const update = (store: WismoStore, shipment: Shipment, changes: Partial<Shipment>) =>
  store
    .commit({
      shipment: { ...shipment, ...changes, version: shipment.version + 1 },
      expectedVersion: shipment.version,
      events: [],
      outbox: [],
    })
    .then((r) => r.shipment)

const duplicate = (e: unknown) => isWismoError(e, 'STORE_DUPLICATE')

/**
 * The identity rule (`WismoStore.findShipment`): carrier + normalized number identify a parcel,
 * the carrier's id is adopted when first seen and only tells apart parcels that reuse a number.
 */
export function identityCases(h: Harness): void {
  describe('shipment identity', () => {
    h.test('finds a shipment by number after it adopted the carrier id', async () => {
      const s = await create(h.store(), shipmentFixture())
      await update(h.store(), s, { carrierShipmentId: 'trk_1' })
      const key = { carrier: s.carrier, trackingNumber: s.trackingNumber }
      expect((await h.store().findShipment(key))?.id).toBe(s.id)
      expect((await h.store().findShipment({ ...key, carrierShipmentId: null }))?.id).toBe(s.id)
      expect((await h.store().findShipment({ ...key, carrierShipmentId: 'trk_1' }))?.id).toBe(s.id)
      expect(await h.store().findShipment({ ...key, carrierShipmentId: 'trk_2' })).toBeNull()
    })

    h.test('offers a shipment without a carrier id to an update that carries one', async () => {
      const s = await create(h.store(), shipmentFixture())
      const key = { carrier: s.carrier, trackingNumber: s.trackingNumber, carrierShipmentId: 'trk_9' }
      expect((await h.store().findShipment(key))?.id).toBe(s.id)
    })

    h.test('refuses a second shipment of a tracked parcel, with or without the carrier id', async () => {
      const plain = await create(h.store(), shipmentFixture())
      const withId = { trackingNumber: plain.trackingNumber, carrierShipmentId: 'trk_1' }
      await expect(create(h.store(), shipmentFixture(withId))).rejects.toSatisfy(duplicate)
      const tagged = await create(h.store(), shipmentFixture({ carrierShipmentId: 'trk_2' }))
      const noId = { trackingNumber: tagged.trackingNumber }
      await expect(create(h.store(), shipmentFixture(noId))).rejects.toSatisfy(duplicate)
      const sameId = { trackingNumber: tagged.trackingNumber, carrierShipmentId: 'trk_2' }
      await expect(create(h.store(), shipmentFixture(sameId))).rejects.toSatisfy(duplicate)
      expect((await h.store().listShipments({})).items).toHaveLength(2)
    })

    h.test('keeps parcels that reuse a number apart and reaches the live one without an id', async () => {
      const old = await create(h.store(), shipmentFixture({ carrierShipmentId: 'u1', status: 'delivered' }))
      const number = { carrier: old.carrier, trackingNumber: old.trackingNumber }
      const next = await create(h.store(), shipmentFixture({ ...number, carrierShipmentId: 'u2' }))
      expect((await h.store().findShipment(number))?.id).toBe(next.id)
      expect((await h.store().findShipment({ ...number, carrierShipmentId: 'u1' }))?.id).toBe(old.id)
      await update(h.store(), next, { status: 'returned' })
      // Every parcel settled: the newest one.
      expect((await h.store().findShipment(number))?.id).toBe(next.id)
    })

    h.test(
      'reaches a live older parcel before a settled newer one, and a given id before either',
      async () => {
        const older = await create(h.store(), shipmentFixture({ carrierShipmentId: 'u1' }))
        const number = { carrier: older.carrier, trackingNumber: older.trackingNumber }
        const newer = await create(h.store(), shipmentFixture({ ...number, carrierShipmentId: 'u2' }))
        await update(h.store(), newer, { status: 'delivered' })
        expect((await h.store().findShipment(number))?.id).toBe(older.id)
        expect((await h.store().findShipment({ ...number, carrierShipmentId: 'u2' }))?.id).toBe(newer.id)
        expect(await h.store().findShipment({ ...number, carrierShipmentId: 'u3' })).toBeNull()
      },
    )

    h.test('refuses giving a carrier id that another parcel of the number holds', async () => {
      const a = await create(h.store(), shipmentFixture({ carrierShipmentId: 'u1' }))
      const b = await create(
        h.store(),
        shipmentFixture({ trackingNumber: a.trackingNumber, carrierShipmentId: 'u2' }),
      )
      await expect(update(h.store(), b, { carrierShipmentId: 'u1' })).rejects.toSatisfy(duplicate)
      expect((await h.store().getShipment(b.id))?.carrierShipmentId).toBe('u2')
    })

    h.test('lets exactly one of many concurrent creators of one parcel win', async () => {
      const number = shipmentFixture().trackingNumber
      const attempts = Array.from({ length: 10 }, (_, i) =>
        create(
          h.store(),
          shipmentFixture({ trackingNumber: number, carrierShipmentId: i % 2 ? 'trk_1' : null }),
        ),
      )
      const results = await Promise.allSettled(attempts)
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of results) if (r.status === 'rejected') expect(duplicate(r.reason)).toBe(true)
      expect((await h.store().listShipments({})).items).toHaveLength(1)
    })

    h.test('round-trips pieces and the piece of an event exactly', async () => {
      const s = shipmentFixture({
        pieces: [
          {
            trackingNumber: 'JD0001',
            status: 'delivered',
            subStatus: 'signed',
            statusChangedAt: '2026-03-03T10:00:00+01:00',
            lastEventAt: '2026-03-03T10:00:00+01:00',
          },
          {
            trackingNumber: 'JD0002',
            status: 'pending',
            subStatus: null,
            statusChangedAt: null,
            lastEventAt: null,
          },
        ],
      })
      const piece = eventFixture(s, 1, '2026-03-03T10:00:00+01:00', { piece: 'JD0001', dedupKey: 'p1' })
      const whole = eventFixture(s, 2, '2026-03-03T11:00:00+01:00', { dedupKey: 'p2' })
      await h.store().commit({ shipment: s, expectedVersion: null, events: [piece, whole], outbox: [] })
      expect(await h.store().getShipment(s.id)).toEqual(s)
      expect((await h.store().listEvents(s.id)).items).toEqual([piece, whole])
    })
  })
}
