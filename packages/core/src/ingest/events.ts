import type { TrackingEvent } from '../domain/schemas.ts'
import type { WismoStore } from '../store/contract.ts'

/** The whole stored history of a shipment, page by page. */
export async function allEvents(store: WismoStore, shipmentId: string): Promise<TrackingEvent[]> {
  const out: TrackingEvent[] = []
  let cursor: string | null = null
  do {
    const page = await store.listEvents(shipmentId, { limit: 1000, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}
