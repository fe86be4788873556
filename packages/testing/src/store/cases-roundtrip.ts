import {
  compareEvents,
  type OutboxRowInput,
  type Shipment,
  type TrackingEvent,
  type WismoStore,
} from '@wismo/core'
import { describe, expect } from 'vitest'
import { eventFixture, shipmentFixture } from './fixtures.ts'
import type { Harness } from './harness.ts'

async function history(store: WismoStore, shipmentId: string): Promise<TrackingEvent[]> {
  const out: TrackingEvent[] = []
  let cursor: string | null = null
  do {
    const page = await store.listEvents(shipmentId, { limit: 3, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

/** Every carrier time form the schema accepts: offsets, odd offsets, local times, dates, fractions. */
export const CARRIER_TIMES = [
  '2026-03-02',
  '2026-03-02T12:00',
  '2026-03-02T12:00:30',
  '2026-03-02T12:00:30.5',
  '2026-03-02T12:00:30.123456789Z',
  '2026-03-02T23:30:00-05:00',
  '2026-03-03T05:00:00+14:00',
  '2026-03-02T08:15:00+05:45',
  '2026-03-02T12:00:00-12:00',
] as const

/** A shipment that uses every field in an unusual but valid way. */
export function unusualShipment(): Shipment {
  const estimate = (date: string, confidence: number) =>
    ({
      source: 'carrier_window',
      date,
      earliest: `${date}T09:00:00+09:00`,
      latest: `${date}T18:00:00+09:00`,
      confidence,
      madeAt: '2026-03-04T10:00:00.000+00:00',
    }) as const
  return shipmentFixture({
    carrierShipmentId: 'uid-Ω-1',
    service: 'Express Saver — 翌日配達',
    origin: {
      text: 'Av. Paulista, 1578 – Bela Vista',
      city: 'São Paulo',
      region: 'SP',
      postalCode: '01310-200',
      country: 'BR',
    },
    destination: null,
    direction: 'return',
    status: 'out_for_delivery',
    subStatus: 'rescheduled',
    statusChangedAt: '2026-03-04T07:15:00.250-03:00',
    lastEventAt: '2026-03-04T09:00:00',
    promisedDate: '2026-03-06',
    features: { weightKg: 0.125, volumeCm3: 1 / 3, freight: 0, handlingDays: 2.5, distanceKm: 40_075 },
    eta: {
      best: {
        source: 'carrier_rescheduled',
        date: '2026-03-06',
        earliest: null,
        latest: null,
        confidence: 1 / 3,
        madeAt: '2026-03-04T10:00:00.000Z',
      },
      estimates: [estimate('2026-03-06', 0.123456789), { ...estimate('2026-03-07', 0.5), earliest: null }],
      revisions: [
        estimate('2026-03-05', 0.9),
        { ...estimate('2026-03-04', 1), source: 'model', latest: null },
      ],
    },
    metadata: {
      '': 'empty key',
      ключ: 'значение',
      quote: 'a "b" \\ c\nd',
      long: 'ü'.repeat(2000),
      ['k'.repeat(100)]: 'v',
    },
    createdAt: '2026-03-01T10:00:00.000+01:00',
    updatedAt: '2026-03-04T10:00:00.123Z',
  })
}

/** A large, awkward JSON payload: ~1 MB of unicode, numbers at the edges, deep nesting. */
export function largePayload(): Record<string, unknown> {
  let deep: Record<string, unknown> = { leaf: 'bottom ✓' }
  for (let i = 0; i < 30; i++) deep = { level: i, child: deep, list: [i, String(i)] }
  return {
    raw: `${'ü✓📦配達'.repeat(20_000)}${'x'.repeat(300_000)}`,
    deep,
    numbers: [
      0,
      -1,
      1.5,
      0.1 + 0.2,
      1e21,
      -1e-7,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1 / 3,
      5e-324,
    ],
    flags: [true, false, null],
    empty: { obj: {}, arr: [], str: '' },
    'key with "quotes" \\ and 🙂': 'v',
    html: '<script>alert("x")</script> & \'quotes\'',
    escapes: 'tab\tnewline\nreturn\r bell\u0007 rtl \u202e עברית العربية',
    items: Array.from({ length: 3000 }, (_, i) => ({ i, sku: `SKU-${i}`, qty: i % 7, price: i / 100 })),
  }
}

/** Exact round trips of every field and value form, checked again in the database. */
export function roundTripCases(h: Harness): void {
  describe('exact round trips', () => {
    h.test('round-trips unusual shipment values and an updated ETA with its revisions', async () => {
      const shipment = unusualShipment()
      await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [] })
      expect(await h.store().getShipment(shipment.id)).toEqual(shipment)
      const key = {
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        carrierShipmentId: 'uid-Ω-1',
      }
      expect(await h.store().findShipment(key)).toEqual(shipment)
      // Without the carrier's id a lookup reaches the one parcel with that number (identity rule).
      expect(await h.store().findShipment({ ...key, carrierShipmentId: null })).toEqual(shipment)
      const eta = shipment.eta ?? { best: null, estimates: [], revisions: [] }
      const next: Shipment = {
        ...shipment,
        version: 1,
        eta: { ...eta, best: null, revisions: [...eta.revisions, ...(eta.best ? [eta.best] : [])] },
        statusChangedAt: null,
        metadata: {},
        origin: null,
      }
      await h.store().commit({ shipment: next, expectedVersion: 0, events: [], outbox: [] })
      expect(await h.store().getShipment(shipment.id)).toEqual(next)
      const probe = h.probe()
      if (probe) expect(await probe.shipmentVersion(shipment.id)).toBe(1)
    })

    h.test('keeps every carrier time form as given and orders by the instant', async () => {
      const shipment = shipmentFixture()
      const events = CARRIER_TIMES.map((t, i) =>
        eventFixture(shipment, i, t, {
          source: (['webhook', 'poll', 'manual'] as const)[i % 3],
          subStatus: i % 2 ? null : 'departed_facility',
          location: i % 3 ? null : { text: `Hub ${i} — Zürich 🏭` },
          providerEventId: i % 2 ? null : `p-${i}`,
          rawText: `${'𝔘𝔫𝔦𝔠𝔬𝔡𝔢 '.repeat(i * 15)}end`,
        }),
      )
      await h.store().commit({ shipment, expectedVersion: null, events: [...events].reverse(), outbox: [] })
      expect(await history(h.store(), shipment.id)).toEqual([...events].sort(compareEvents))
      const probe = h.probe()
      if (probe)
        for (const e of events) expect(await probe.eventTime(shipment.id, e.dedupKey)).toBe(e.occurredAt)
    })

    h.test(
      'round-trips a large outbox payload exactly, when listed and when claimed',
      async () => {
        const row: OutboxRowInput = {
          idempotencyKey: `big-${Math.random()}`,
          shipmentId: null,
          topic: 'carrier.raw',
          payload: largePayload(),
        }
        await h.store().enqueue([row], { now: new Date().toISOString() })
        const [listed] = await h.store().listOutbox({ state: 'pending' })
        expect(listed?.payload).toEqual(row.payload)
        const [claimed] = await h
          .store()
          .claimOutbox({ workerId: 'w', limit: 1, leaseMs: 60_000, now: new Date().toISOString() })
        expect(claimed?.payload).toEqual(row.payload)
        const probe = h.probe()
        if (probe) expect(await probe.countOutbox(row.idempotencyKey)).toBe(1)
      },
      30_000,
    )

    h.test('keeps equal instants in dedup-key order across pages', async () => {
      const shipment = shipmentFixture()
      // Three spellings of one instant plus a tie on the exact same text.
      const times = [
        '2026-03-02T10:00:00Z',
        '2026-03-02T05:00:00-05:00',
        '2026-03-02T11:00:00+01:00',
        '2026-03-02T10:00:00Z',
      ]
      const events = times.map((t, i) =>
        eventFixture(shipment, i, t, { dedupKey: `sandbox:id:${'dcba'[i]}` }),
      )
      await h.store().commit({ shipment, expectedVersion: null, events, outbox: [] })
      const keys = (await history(h.store(), shipment.id)).map((e) => e.dedupKey)
      expect(keys).toEqual(['sandbox:id:a', 'sandbox:id:b', 'sandbox:id:c', 'sandbox:id:d'])
    })

    h.test('keeps histories of two shipments apart even when dedup keys collide', async () => {
      const a = shipmentFixture()
      const b = shipmentFixture()
      const e = (s: Shipment) => eventFixture(s, 1, '2026-03-02T10:00:00Z', { dedupKey: 'sandbox:id:shared' })
      await h.store().commit({ shipment: a, expectedVersion: null, events: [e(a)], outbox: [] })
      const second = await h
        .store()
        .commit({ shipment: b, expectedVersion: null, events: [e(b)], outbox: [] })
      expect(second.insertedEventKeys).toEqual(['sandbox:id:shared'])
      expect((await h.store().listEvents(a.id)).items).toEqual([e(a)])
      expect((await h.store().listEvents(b.id)).items).toEqual([e(b)])
    })

    h.test('rejects a paging cursor it did not make with INPUT_INVALID', async () => {
      const shipment = shipmentFixture()
      await h.store().commit({ shipment, expectedVersion: null, events: [], outbox: [] })
      await expect(
        h.store().listEvents(shipment.id, { cursor: '%%% not a cursor %%%' }),
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
      await expect(h.store().listShipments({ cursor: '%%% not a cursor %%%' })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      })
    })
  })
}
