import { describe, expect, it, vi } from 'vitest'
import type { Shipment } from '../domain/schemas.ts'
import type { DeliveredRecord, InFlightRecord } from '../eta/types.ts'
import { noopLogger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import { createEtaRuntime } from './eta-runtime.ts'

const calls: string[] = []
vi.mock('../eta/model.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../eta/model.ts')>()
  return {
    ...original,
    createTransitModel: (options: Parameters<typeof original.createTransitModel>[0]) => {
      const model = original.createTransitModel(options)
      const log =
        <A extends unknown[], R>(name: string, id: (...args: A) => string, f: (...args: A) => R) =>
        (...args: A): R => {
          calls.push(`${name} ${id(...args)}`)
          return f(...args)
        }
      return {
        ...model,
        learn: log('learn', (r: DeliveredRecord) => r.shipmentId, model.learn),
        track: log('track', (r: InFlightRecord) => r.shipmentId, model.track),
        forget: log('forget', (id: string) => id, model.forget),
      }
    },
  }
})

const lane = {
  carrier: 'acme',
  service: null,
  originRegion: 'CA',
  destinationRegion: 'NY',
  originCountry: 'US',
  destinationCountry: 'US',
}
const waiting = (id: string): InFlightRecord => ({
  ...lane,
  shipmentId: id,
  purchasedAt: '2026-03-02T12:00:00Z',
  handedOverAt: '2026-03-03T12:00:00Z',
})
const delivered = (id: string): DeliveredRecord => ({
  ...waiting(id),
  deliveredAt: '2026-03-05T12:00:00Z',
  promisedDate: null,
})
const inTransit = (id: string): Shipment => ({
  id,
  orderId: null,
  carrier: 'acme',
  trackingNumber: id.toUpperCase(),
  carrierShipmentId: null,
  service: null,
  origin: { region: 'CA', country: 'US' },
  destination: { region: 'NY', country: 'US' },
  direction: 'outbound',
  status: 'in_transit',
  subStatus: null,
  statusChangedAt: '2026-03-03T12:00:00Z',
  lastEventAt: '2026-03-03T12:00:00Z',
  eta: null,
  promisedDate: null,
  metadata: {},
  version: 1,
  createdAt: '2026-03-02T12:00:00Z',
  updatedAt: '2026-03-03T12:00:00Z',
})

describe('the ETA runtime warm-up', () => {
  it('learns the listing, tracks shipments in flight, then applies what was committed meanwhile once', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const store = {
      listDeliveries: async () => {
        await gate
        return [delivered('d1')]
      },
      listShipments: async () => ({ items: [inTransit('s1')], nextCursor: null }),
      listEvents: async () => ({
        items: [
          {
            shipmentId: 's1',
            dedupKey: 'k1',
            status: 'in_transit',
            subStatus: null,
            occurredAt: '2026-03-03T12:00:00Z',
            receivedAt: '2026-03-03T12:00:00Z',
            source: 'webhook',
            rawCode: null,
            rawText: null,
            location: null,
            providerEventId: null,
          },
        ],
        nextCursor: null,
      }),
      getOrder: async () => null,
    } as unknown as WismoStore
    const runtime = createEtaRuntime(store, {}, noopLogger)
    runtime.learn(delivered('early')) // before any warm-up: ignored, the listing will hold it
    const warmed = runtime.model()
    // Committed while the listing runs: d1's older scan and its delivery (both in the listing
    // already), another delivery, a new parcel in flight and one that was cancelled.
    runtime.track(waiting('d1'))
    runtime.learn(delivered('d1'))
    runtime.learn(delivered('d2'))
    runtime.track(waiting('s2'))
    runtime.forget('s3')
    release()
    await warmed
    runtime.track(waiting('s4'))
    expect(calls).toEqual(['learn d1', 'track s1', 'learn d2', 'track s2', 'forget s3', 'track s4'])
  })
})

describe('the ETA runtime warm-up over many deliveries', { timeout: 120_000 }, () => {
  /** A store that pages like the SQL stores (inclusive `since`, ordered by instant then id) and counts its calls. */
  const pagedStore = (records: DeliveredRecord[]) => {
    const sorted = [...records].sort(
      (a, b) => a.deliveredAt.localeCompare(b.deliveredAt) || a.shipmentId.localeCompare(b.shipmentId),
    )
    const limits: number[] = []
    const store = {
      listDeliveries: async ({ since, limit }: { since?: string; limit?: number }) => {
        limits.push(limit ?? Number.POSITIVE_INFINITY)
        return sorted.filter((r) => since === undefined || r.deliveredAt >= since).slice(0, limit)
      },
      listShipments: async () => ({ items: [], nextCursor: null }),
    } as unknown as WismoStore
    return { store, limits, sorted }
  }
  const at = (id: string, deliveredAt: string): DeliveredRecord => ({ ...delivered(id), deliveredAt })

  it('learns every delivery once, reading them in pages, even with more at one instant than a page holds', async () => {
    const records = [
      ...Array.from({ length: 1_500 }, (_, i) =>
        at(`a${i}`, `2026-03-05T10:${String(i % 60).padStart(2, '0')}:00Z`),
      ),
      // 4,500 deliveries at one instant: more than two pages of 2,000.
      ...Array.from({ length: 4_500 }, (_, i) =>
        at(`b${String(i).padStart(4, '0')}`, '2026-03-05T12:00:00Z'),
      ),
      ...Array.from({ length: 2_100 }, (_, i) =>
        at(`c${i}`, `2026-03-06T${String(i % 24).padStart(2, '0')}:00:00Z`),
      ),
    ]
    const { store, limits, sorted } = pagedStore(records)
    calls.length = 0
    await createEtaRuntime(store, {}, noopLogger).model()
    const learned = calls.filter((c) => c.startsWith('learn ')).map((c) => c.slice(6))
    expect(learned).toEqual(sorted.map((r) => r.shipmentId)) // each once, oldest first
    expect(Math.max(...limits)).toBeLessThan(records.length)
  })
})
