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
