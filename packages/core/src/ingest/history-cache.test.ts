import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'
import { STATUSES } from '../domain/status.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, acmeUpdate, scan } from '../test-carriers.test-helpers.ts'
import { createWismo, type Wismo } from '../wismo.ts'
import { HistoryCache } from './history-cache.ts'
import { HistoryView } from './history-view.ts'

const NUMBERS = ['ACME00000001', 'ACME00000002', 'ACME00000003']
const T0 = Date.parse('2026-03-02T08:00:00Z')
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString()
const clock = () => new Date('2026-03-09T00:00:00Z')

const instance = (store = memoryStore(), historyCacheEvents?: number) =>
  createWismo({
    store,
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
    clock,
    ...(historyCacheEvents === undefined ? {} : { historyCacheEvents }),
  })

/** What ingest wrote for each number: the shipment's derived fields and its scans' keys. */
async function written(wismo: Wismo) {
  const out: Record<string, unknown> = {}
  for (const trackingNumber of NUMBERS) {
    const s = await wismo.store.findShipment({ carrier: 'acme', trackingNumber })
    if (!s) continue
    const events = await wismo.store.listEvents(s.id, { limit: 1000 })
    out[trackingNumber] = {
      ...pick(s),
      keys: events.items.map((e) => e.dedupKey),
      // Keys without the shipment id (each store makes its own); listing order follows random row ids.
      outbox: (await wismo.store.listOutbox({ shipmentId: s.id }))
        .map((r) => r.idempotencyKey.split(':').slice(1).join(':'))
        .sort(),
    }
  }
  return out
}

const pick = (s: Shipment) => ({
  status: s.status,
  subStatus: s.subStatus,
  statusChangedAt: s.statusChangedAt,
  lastEventAt: s.lastEventAt,
  version: s.version,
})

describe('the history cache', () => {
  it('never misses a scan another instance wrote to the shared store', async () => {
    const store = memoryStore()
    const [a, b] = [instance(store), instance(store)]
    const number = NUMBERS[0] as string
    await a.ingest(acmeUpdate(number, [scan(1, 'in_transit', at(0))]))
    await b.ingest(acmeUpdate(number, [scan(2, 'out_for_delivery', at(60))]))
    // `a` holds the history at version 0; the store is at version 1 now, so it reads it again.
    const third = await a.ingest(
      acmeUpdate(number, [scan(2, 'out_for_delivery', at(60)), scan(3, 'delivered', at(90))]),
    )
    expect(third.newEvents.map((e) => e.rawCode)).toEqual(['C3'])
    expect(third.shipment?.status).toBe('delivered')
    const again = await b.ingest(acmeUpdate(number, [scan(3, 'delivered', at(90))]))
    expect(again.outcome).toBe('duplicate')
  })

  it('gives the same stored result as no cache, for any interleaving of two instances (fast-check)', async () => {
    const update = fc
      .record({
        number: fc.constantFrom(...NUMBERS),
        scans: fc.array(
          fc.record({ n: fc.integer({ min: 1, max: 12 }), status: fc.constantFrom(...STATUSES) }),
          { minLength: 1, maxLength: 3 },
        ),
        by: fc.constantFrom(0, 1),
      })
      .map(({ number, scans, by }) => ({
        by,
        // Scan n is always the same scan (time and status follow from n), so repeats are duplicates.
        update: acmeUpdate(
          number,
          scans.map(({ n }) => scan(n, STATUSES[(n * 7) % STATUSES.length] ?? 'in_transit', at(n * 30))),
        ) as TrackingUpdate,
      }))
    await fc.assert(
      fc.asyncProperty(fc.array(update, { maxLength: 25 }), async (steps) => {
        const shared = memoryStore()
        const cached = [instance(shared), instance(shared, 3)]
        const plain = instance(memoryStore(), 0)
        for (const { by, update } of steps) {
          await (cached[by] as Wismo).ingest(update)
          await plain.ingest(update)
        }
        expect(await written(cached[0] as Wismo)).toEqual(await written(plain))
      }),
      { numRuns: 300 },
    )
  }, 120_000)
})

describe('HistoryCache', () => {
  const view = (events: number) =>
    HistoryView.of(
      Array.from({ length: events }, (_, i) => ({
        shipmentId: 'shp_1',
        dedupKey: `h:${String(i).padStart(40, '0')}`,
        status: 'in_transit' as const,
        subStatus: null,
        rawCode: 'AR',
        rawText: 'Arrived',
        occurredAt: at(i),
        location: null,
        providerEventId: null,
        receivedAt: at(i),
        source: 'webhook' as const,
      })),
      [],
      'ACME00000001',
    )

  it('answers only for the version it holds, and drops the least recently used beyond its bound', () => {
    const cache = new HistoryCache(10)
    cache.set('a', 1, view(4))
    cache.set('b', 1, view(3))
    expect(cache.get('a', 2)).toBeUndefined()
    expect(cache.get('a', 1)?.events).toHaveLength(4)
    // a was used last: b goes (each shipment counts its events plus one).
    cache.set('c', 1, view(2))
    expect([cache.get('a', 1) !== undefined, cache.get('b', 1), cache.size]).toEqual([true, undefined, 8])
    cache.set('d', 1, view(20))
    expect(cache.get('d', 1)).toBeUndefined()
    expect(new HistoryCache(0).size).toBe(0)
  })
})
