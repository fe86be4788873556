import type { Order, Shipment, TrackingEvent } from '../domain/schemas.ts'
import { normalizeTrackingNumber } from '../domain/tracking-number.ts'
import { WismoError } from '../errors.ts'
import { allEvents } from '../ingest/events.ts'
import type { OutboxRow, WismoStore } from '../store/contract.ts'
import type { OutboxLogEntry, RawPayload } from '../store/ops.ts'
import { NOTIFY_TOPIC_PREFIX } from '../workers/dispatcher.ts'

/** One hit of a support search: an order with its shipments, or a shipment without an order. */
export interface OpsSearchResult {
  /** What the text matched. */
  matchedBy: 'order' | 'email' | 'tracking_number' | 'shipment'
  order: Order | null
  /** The order's shipments (oldest first), or the matching shipment alone when it has no order. */
  shipments: Shipment[]
}

/** A notification message (outbox row) with every step its sends went through. */
export type OpsNotification = OutboxRow & { log: OutboxLogEntry[] }

/** Everything support staff need about one shipment. */
export interface OpsShipmentDetail {
  shipment: Shipment
  order: Order | null
  /** The whole history, oldest first. */
  events: TrackingEvent[]
  /** Archived carrier payloads that changed it, newest first (the most recent `payloadLimit`). */
  raw: RawPayload[]
  /** Its notification messages, oldest first, each with its attempt log. */
  notifications: OpsNotification[]
}

const MAX_QUERY = 320

/** `wismo.ops`: support search and a shipment's full record (see docs/dashboard.md). */
export function opsApi(store: WismoStore) {
  const shipmentsOf = async (orderId: string) => (await store.listShipments({ orderId, limit: 200 })).items
  const withOrder = async (
    order: Order,
    matchedBy: OpsSearchResult['matchedBy'],
  ): Promise<OpsSearchResult> => ({ matchedBy, order, shipments: await shipmentsOf(order.id) })

  return {
    /**
     * Find orders and shipments by order id, customer e-mail (ignoring case), tracking number (any
     * carrier, spaces and dashes ignored) or shipment id. Each order appears once. Text longer than
     * 320 characters is `INPUT_INVALID`; blank text finds nothing.
     * @example const hits = await wismo.ops.search('zoe@example.com') // [{ matchedBy: 'email', order, shipments }]
     */
    async search(text: string, opts: { limit?: number } = {}): Promise<OpsSearchResult[]> {
      if (typeof text !== 'string' || text.length > MAX_QUERY)
        throw new WismoError(
          'INPUT_INVALID',
          `Search text must be a string of at most ${MAX_QUERY} characters`,
        )
      const query = text.trim()
      const limit = Math.max(1, Math.min(opts.limit ?? 20, 200))
      if (!query) return []
      const hits: OpsSearchResult[] = []
      if (query.includes('@')) {
        for (const order of await store.findOrdersByEmail(query, limit))
          hits.push(await withOrder(order, 'email'))
        return hits
      }
      const order = await store.getOrder(query)
      if (order) hits.push(await withOrder(order, 'order'))
      const byId = await store.getShipment(query)
      const number = normalizeTrackingNumber(query)
      const byNumber = number ? await store.findShipmentsByNumber(number, limit) : []
      const found: Array<[Shipment, OpsSearchResult['matchedBy']]> = [
        ...(byId ? [[byId, 'shipment'] as [Shipment, 'shipment']] : []),
        ...byNumber.map((s) => [s, 'tracking_number'] as [Shipment, 'tracking_number']),
      ]
      for (const [shipment, matchedBy] of found) {
        if (hits.length >= limit) break
        const seen = hits.some((h) =>
          shipment.orderId ? h.order?.id === shipment.orderId : h.shipments.some((s) => s.id === shipment.id),
        )
        if (seen) continue
        const owner = shipment.orderId ? await store.getOrder(shipment.orderId) : null
        hits.push(
          owner ? await withOrder(owner, matchedBy) : { matchedBy, order: null, shipments: [shipment] },
        )
      }
      return hits.slice(0, limit)
    },

    /**
     * A shipment's full record for support: history, archived payloads, notification attempts.
     * `null` when there is no such shipment.
     * @example const detail = await wismo.ops.shipment(shipmentId)
     */
    async shipment(id: string, opts: { payloadLimit?: number } = {}): Promise<OpsShipmentDetail | null> {
      const shipment = await store.getShipment(id)
      if (!shipment) return null
      const [order, events, raw, rows] = await Promise.all([
        shipment.orderId ? store.getOrder(shipment.orderId) : null,
        allEvents(store, id),
        store.listPayloads(id, { limit: Math.max(1, Math.min(opts.payloadLimit ?? 100, 1000)) }),
        store.listOutbox({ shipmentId: id, limit: 1000 }),
      ])
      const messages = rows.filter((r) => r.topic.startsWith(NOTIFY_TOPIC_PREFIX))
      const log = messages.length ? await store.listOutboxLog(messages.map((m) => m.id)) : []
      const notifications = messages.map((m) => ({ ...m, log: log.filter((l) => l.outboxId === m.id) }))
      return { shipment, order, events, raw: raw.items, notifications }
    },
  }
}
