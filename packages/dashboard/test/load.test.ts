import type {
  DeliveredRecord,
  OutboxRow,
  Shipment,
  ShipmentQuery,
  TrackingEvent,
  WismoStore,
} from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { loadMetrics } from '../src/metrics/load.ts'
import { periodOf } from '../src/metrics/period.ts'
import { DETAIL, SHIPMENT } from './support.ts'

const period = periodOf({ from: '2026-03-01', to: '2026-03-31' }, '2026-04-01', 'UTC', 30)
if ('problem' in period) throw new Error(period.problem)

const ship = (id: string, status: Shipment['status'], createdAt: string, carrier = 'sandbox'): Shipment => ({
  ...SHIPMENT,
  id,
  status,
  createdAt,
  carrier,
})
const delivered = (id: string, deliveredAt: string, carrier = 'sandbox'): DeliveredRecord => ({
  shipmentId: id,
  carrier,
  service: null,
  originRegion: 'MA',
  destinationRegion: 'CO',
  purchasedAt: null,
  handedOverAt: null,
  deliveredAt,
  promisedDate: null,
})
const exceptionScan = { ...(DETAIL.events[0] as TrackingEvent), status: 'exception' as const }

/** Just the listings the metrics read, over fixed rows. */
function storeOf(
  shipments: Shipment[],
  records: DeliveredRecord[],
  outbox: OutboxRow[],
  withException: string[],
) {
  const reads: string[] = []
  const store = {
    listDeliveries: async ({ since, limit }: { since?: string; limit?: number }) =>
      records.filter((r) => !since || r.deliveredAt >= since).slice(0, limit),
    getShipment: async (id: string) => {
      reads.push(`get:${id}`)
      return shipments.find((s) => s.id === id) ?? null
    },
    listShipments: async (q: ShipmentQuery) => {
      reads.push(`list:${q.status?.includes('delivered') ? 'all' : 'not-delivered'}`)
      return { items: shipments.filter((s) => !q.status || q.status.includes(s.status)), nextCursor: null }
    },
    listEvents: async (id: string) => ({
      items: withException.includes(id) ? [exceptionScan] : [],
      nextCursor: null,
    }),
    listOutbox: async ({ state }: { state?: string }) => outbox.filter((r) => r.state === state),
  }
  return { store: store as unknown as WismoStore, reads }
}

describe('what the metrics read', () => {
  const shipments = [
    ship('d-in', 'delivered', '2026-02-20T00:00:00Z'), // registered before, delivered in the period
    ship('d-out', 'delivered', '2026-03-05T00:00:00Z'), // registered in the period, delivered after it
    ship('open-in', 'in_transit', '2026-03-10T00:00:00Z'),
    ship('open-old', 'exception', '2026-01-10T00:00:00Z'),
    ship('ret-in', 'returned', '2026-03-12T00:00:00Z'),
    ship('other', 'in_transit', '2026-03-12T00:00:00Z', 'ups'),
  ]
  const records = [delivered('d-in', '2026-03-03T00:00:00Z'), delivered('d-out', '2026-04-02T00:00:00Z')]

  it('takes the deliveries of the period and the undelivered shipments registered in it', async () => {
    const { store, reads } = storeOf(shipments, records, [], ['d-in'])
    const data = await loadMetrics(store, period, null, 100)
    expect(data.deliveries.map((d) => d.shipmentId)).toEqual(['d-in'])
    expect(data.shipments.map((s) => s.id).sort()).toEqual(['d-in', 'open-in', 'other', 'ret-in'])
    expect([...data.excepted]).toEqual(['d-in'])
    // Never a listing of every shipment: only the undelivered ones.
    expect(reads.filter((r) => r.startsWith('list:'))).toEqual(['list:not-delivered'])
    expect(data.capped).toEqual([])
  })

  it('keeps one carrier when asked', async () => {
    const { store } = storeOf(shipments, records, [], [])
    const data = await loadMetrics(store, period, 'ups', 100)
    expect(data.shipments.map((s) => s.id)).toEqual(['other'])
    expect(data.deliveries).toEqual([])
  })

  it('names the listings that reached the cap', async () => {
    const many = Array.from({ length: 4 }, (_, i) => delivered('d-in', `2026-03-0${i + 2}T00:00:00Z`))
    const { store } = storeOf(shipments, many, [], [])
    expect((await loadMetrics(store, period, null, 3)).capped).toContain('deliveries')
  })
})
