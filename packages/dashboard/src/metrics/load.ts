/**
 * Reads what the metrics page needs from the store's listings, each capped at `scanLimit` rows;
 * a listing that reaches its cap is named in `capped` and the page says so.
 */
import {
  allEvents,
  type DeliveredRecord,
  type OutboxRow,
  type Shipment,
  STATUSES,
  type WismoStore,
} from '@wismo/core'
import { channelOf } from './aggregate.ts'
import type { Period } from './period.ts'

export interface MetricsData {
  deliveries: DeliveredRecord[]
  /**
   * The period's shipments: those delivered in it, and those registered in it that are not
   * delivered (on their way, returned, cancelled).
   */
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
/** Every status but `delivered`: a set that stays small (parcels in flight, returns, cancellations). */
const NOT_DELIVERED = STATUSES.filter((s) => s !== 'delivered')

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
  const delivered = await inParallel(deliveries, (d) => store.getShipment(d.shipmentId))
  const open = await scanShipments(store, cap)
  if (open.full) capped.push('shipments')
  const byId = new Map<string, Shipment>()
  for (const s of [...delivered, ...open.shipments.filter((x) => inPeriod(x.createdAt))])
    if (s && (!carrier || s.carrier === carrier)) byId.set(s.id, s)
  const shipments = [...byId.values()]
  if (shipments.length > cap) capped.push('histories')
  const excepted = await exceptedIds(store, shipments.slice(0, cap))
  const carriers = new Map([...open.shipments, ...shipments].map((s) => [s.id, s.carrier]))
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

/** The shipments not delivered, oldest first, up to `cap` of them. */
async function scanShipments(store: WismoStore, cap: number) {
  const shipments: Shipment[] = []
  let cursor: string | null = null
  do {
    const page = await store.listShipments({
      status: NOT_DELIVERED,
      limit: Math.min(PAGE, cap - shipments.length),
      cursor,
    })
    shipments.push(...page.items)
    cursor = page.nextCursor
  } while (cursor && shipments.length < cap)
  return { shipments, full: cursor !== null }
}

/** `work` over `items`, a few at a time (one store query each), results in input order. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T)
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker))
  return out
}

async function exceptedIds(store: WismoStore, shipments: readonly Shipment[]): Promise<Set<string>> {
  const flags = await inParallel(shipments, async (s) =>
    s.status === 'exception' ? true : (await allEvents(store, s.id)).some((e) => e.status === 'exception'),
  )
  return new Set(shipments.filter((_, i) => flags[i]).map((s) => s.id))
}
