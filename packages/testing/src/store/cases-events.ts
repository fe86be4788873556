import type { TrackingEvent, WismoStore } from '@wismo/core'
import { describe, expect } from 'vitest'
import { eventFixture, shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

async function all(store: WismoStore, shipmentId: string, limit = 1000): Promise<TrackingEvent[]> {
  const out: TrackingEvent[] = []
  let cursor: string | null = null
  do {
    const page = await store.listEvents(shipmentId, { limit, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

/** Event append, ordering, paging and exact round trips. */
export function eventCases(h: Harness): void {
  describe('events', () => {
    h.test('appends an event once however often it is written', async () => {
      const shipment = shipmentFixture()
      const e = eventFixture(shipment, 1, '2026-03-02T10:00:00-05:00')
      const first = await h.store().commit({ shipment, expectedVersion: null, events: [e, e], outbox: [] })
      expect(first.insertedEventKeys).toEqual([e.dedupKey])
      const again = await h
        .store()
        .commit({ shipment: { ...shipment, version: 1 }, expectedVersion: 0, events: [e], outbox: [] })
      expect(again.insertedEventKeys).toEqual([])
      expect(await all(h.store(), shipment.id)).toHaveLength(1)
      const probe = h.probe()
      if (probe) expect(await probe.countEvents(shipment.id)).toBe(1)
    })

    h.test('orders events by instant across offsets, local times and dates', async () => {
      const shipment = shipmentFixture()
      const times = [
        '2026-03-02T23:30:00-05:00', // 04:30Z on the 3rd
        '2026-03-03T03:00:00Z',
        '2026-03-03T05:00:00+01:00', // 04:00Z
        '2026-03-02',
        '2026-03-02T12:00:00', // no offset given
      ]
      const events = times.map((t, i) => eventFixture(shipment, i, t))
      await h.store().commit({ shipment, expectedVersion: null, events, outbox: [] })
      const stored = await all(h.store(), shipment.id)
      expect(stored.map((e) => e.occurredAt)).toEqual([
        '2026-03-02',
        '2026-03-02T12:00:00',
        '2026-03-03T03:00:00Z',
        '2026-03-03T05:00:00+01:00',
        '2026-03-02T23:30:00-05:00',
      ])
      const probe = h.probe()
      if (probe)
        expect(await probe.eventTime(shipment.id, events[0]?.dedupKey ?? '')).toBe(
          '2026-03-02T23:30:00-05:00',
        )
    })

    h.test('round-trips events exactly, including unicode and long texts', async () => {
      const shipment = shipmentFixture()
      const e = eventFixture(shipment, 1, '2026-03-02T10:00:00.123+05:30', {
        rawText: `Zugestellt ✓ 配達完了 — ${'x'.repeat(1900)}`,
        location: {
          text: 'Ünter den Linden 1',
          city: 'Berlin',
          region: 'BE',
          postalCode: '10117',
          country: 'DE',
        },
        subStatus: null,
        providerEventId: null,
      })
      await h.store().commit({ shipment, expectedVersion: null, events: [e], outbox: [] })
      expect(await all(h.store(), shipment.id)).toEqual([e])
    })

    h.test('pages a long history without gaps or repeats', async () => {
      const shipment = shipmentFixture()
      const events = Array.from({ length: 25 }, (_, i) =>
        eventFixture(shipment, i, `2026-03-02T10:${String(i % 5).padStart(2, '0')}:00Z`),
      )
      await h.store().commit({ shipment, expectedVersion: null, events, outbox: [] })
      const paged = await all(h.store(), shipment.id, 4)
      expect(paged).toHaveLength(25)
      expect(new Set(paged.map((e) => e.dedupKey)).size).toBe(25)
      expect(paged).toEqual(await all(h.store(), shipment.id))
    })

    h.test('keeps one copy of an event appended concurrently by many writers', async () => {
      const shipment = shipmentFixture()
      await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [] })
      const e = eventFixture(shipment, 1, '2026-03-02T10:00:00Z')
      // Writers that each read version 0 race; the losers re-read and retry, like ingest does.
      const writer = async (i: number) => {
        for (;;) {
          const current = await h.store().getShipment(shipment.id)
          if (!current) throw new Error('gone')
          try {
            return await h.store().commit({
              shipment: { ...current, version: current.version + 1, subStatus: `w${i}` },
              expectedVersion: current.version,
              events: [e],
              outbox: [],
            })
          } catch (err) {
            if ((err as { code?: string }).code !== 'STORE_CONFLICT') throw err
          }
        }
      }
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => writer(i)))
      expect(results.flatMap((r) => r.insertedEventKeys)).toEqual([e.dedupKey])
      expect((await h.store().getShipment(shipment.id))?.version).toBe(8)
      expect(await all(h.store(), shipment.id)).toHaveLength(1)
    })

    h.test('records deliveries for the ETA model, oldest first', async () => {
      const shipment = shipmentFixture()
      const delivery = {
        shipmentId: shipment.id,
        carrier: 'sandbox',
        service: 'ground',
        originRegion: 'SP',
        destinationRegion: 'RJ',
        originCountry: 'BR',
        destinationCountry: 'BR',
        purchasedAt: '2026-03-01T09:00:00.000Z',
        handedOverAt: '2026-03-02T09:00:00.000Z',
        deliveredAt: '2026-03-05T15:00:00.000Z',
        promisedDate: '2026-03-07',
      }
      await h.store().commit({
        shipment: { ...shipment, status: 'delivered' },
        expectedVersion: null,
        events: [],
        outbox: [],
        delivery,
      })
      const other = shipmentFixture()
      const earlier = { ...delivery, shipmentId: other.id, deliveredAt: '2026-03-04T15:00:00.000Z' }
      await h
        .store()
        .commit({ shipment: other, expectedVersion: null, events: [], outbox: [], delivery: earlier })
      expect(await h.store().listDeliveries({})).toEqual([earlier, delivery])
      expect(await h.store().listDeliveries({ since: '2026-03-05T00:00:00.000Z' })).toEqual([delivery])
      // A history that, complete, never reached delivered removes the record; undefined leaves it.
      await h
        .store()
        .commit({ shipment: { ...other, version: 1 }, expectedVersion: 0, events: [], outbox: [] })
      expect(await h.store().listDeliveries({})).toHaveLength(2)
      await h.store().commit({
        shipment: { ...other, version: 2 },
        expectedVersion: 1,
        events: [],
        outbox: [],
        delivery: null,
      })
      expect(await h.store().listDeliveries({})).toEqual([delivery])
    })
  })
}
