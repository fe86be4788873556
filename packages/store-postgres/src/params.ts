import type { Order, OutboxRowInput, TrackingEvent } from '@wismo/core'
import {
  eventRecord,
  orderRecord,
  outboxRecord,
  SHIPMENT_COLUMNS,
  type ShipmentColumn,
} from '@wismo/core/sql'

/** Casts of the shipment columns that are not `text`; JSON as `text::jsonb` so no driver re-encodes it. */
const CASTS: Partial<Record<ShipmentColumn, string>> = {
  origin: 'jsonb',
  destination: 'jsonb',
  eta: 'jsonb',
  features: 'jsonb',
  pieces: 'jsonb',
  metadata: 'jsonb',
  version: 'int',
}

/** Shipment placeholders `$1…$n` in {@link SHIPMENT_COLUMNS} order, each with the cast its parameter needs. */
export const SHIPMENT_PLACEHOLDERS: readonly string[] = SHIPMENT_COLUMNS.map((column, i) => {
  const type = CASTS[column] ?? 'text'
  return type === 'jsonb' ? `$${i + 1}::text::jsonb` : `$${i + 1}::${type}`
})

/** Order values for `(id, customer, preferences, metadata, created_at)`. */
export function orderValues(order: Order): unknown[] {
  const o = orderRecord(order)
  return [o.id, o.customer, o.preferences, o.metadata, o.created_at]
}

/** Events as one JSON array for `json_to_recordset`: one statement whatever the batch size. */
export function eventsJson(events: readonly TrackingEvent[]): string {
  return JSON.stringify(events.map(eventRecord))
}

/** Outbox rows as one JSON array; `availableAt` must be an ISO instant (`INPUT_INVALID` otherwise). */
export function outboxJson(list: readonly OutboxRowInput[], ids: readonly string[], now: string): string {
  return JSON.stringify(list.map((r, i) => outboxRecord(ids[i], r, now)))
}
