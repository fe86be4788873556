/**
 * Reads what the metrics page needs from the store's listings, each capped at `scanLimit` rows;
 * a listing that reaches its cap is named in `capped` and the page says so.
 */
import { allEvents, type DeliveredRecord, type OutboxRow, type Shipment, type WismoStore } from '@wismo/core'
import { channelOf } from './aggregate.ts'
import type { Period } from './period.ts'

export interface MetricsData {
  deliveries: DeliveredRecord[]
  /** Shipments registered or first seen in the period. */
  shipments: Shipment[]
  /** Ids of those with at least one `exception` scan. */
  excepted: Set<string>
  /** Finished (`done`, `dead`) notification rows created in the period. */
  notifications: OutboxRow[]
  /** Listings that reached the cap: `deliveries`, `shipments`, `histories`, `notifications`. */
  capped: string[]
}

const PAGE = 500
const PARALLEL = 4

export async function loadMetrics(
  store: WismoStore,
  period: Period,
  carrier: string | null,
  cap: number,
): Promise<MetricsData> {
  const capped: string[] = []
  const inPeriod = (iso: string) => {
    const ms = Date.parse(iso)
    return ms >= period.startMs && ms < period.endMs
  }
  const listed = await store.listDeliveries({ since: new Date(period.startMs).toISOString(), limit: cap + 1 })
  if (listed.length > cap) capped.push('deliveries')
  const deliveries = listed
    .slice(0, cap)
    .filter((d) => inPeriod(d.deliveredAt) && (!carrier || d.carrier === carrier))
  const { shipments: scanned, full } = await scanShipments(store, period.endMs, cap)
  if (full) capped.push('shipments')
  const shipments = scanned.filter((s) => inPeriod(s.createdAt) && (!carrier || s.carrier === carrier))
  if (shipments.length > cap) capped.push('histories')
  const excepted = await exceptedIds(store, shipments.slice(0, cap))
  const carriers = new Map(scanned.map((s) => [s.id, s.carrier]))
  const notifications: OutboxRow[] = []
  for (const state of ['done', 'dead'] as const) {
    const rows = await store.listOutbox({ state, limit: cap + 1 })
    if (rows.length > cap && !capped.includes('notifications')) capped.push('notifications')
    notifications.push(
      ...rows
        .slice(0, cap)
        .filter((r) => channelOf(r) !== null && inPeriod(r.createdAt))
        .filter((r) => !carrier || (r.shipmentId !== null && carriers.get(r.shipmentId) === carrier)),
    )
  }
  return { deliveries, shipments, excepted, notifications, capped }
}

/** Shipments oldest first, up to `cap` of them, stopping at the first created after `endMs`. */
async function scanShipments(store: WismoStore, endMs: number, cap: number) {
  const shipments: Shipment[] = []
  let cursor: string | null = null
  do {
    const page = await store.listShipments({ limit: Math.min(PAGE, cap - shipments.length), cursor })
    for (const s of page.items) {
      if (Date.parse(s.createdAt) >= endMs) return { shipments, full: false }
      shipments.push(s)
    }
    cursor = page.nextCursor
  } while (cursor && shipments.length < cap)
  return { shipments, full: cursor !== null }
}

async function exceptedIds(store: WismoStore, shipments: readonly Shipment[]): Promise<Set<string>> {
  const ids = new Set<string>()
  const queue = shipments.filter((s) => s.status !== 'exception')
  for (const s of shipments) if (s.status === 'exception') ids.add(s.id)
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const history = await allEvents(store, s.id)
      if (history.some((e) => e.status === 'exception')) ids.add(s.id)
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker))
  return ids
}
