import type { Order, Shipment, TrackingEvent } from '../../domain/schemas.ts'
import { timeKey } from '../../domain/time.ts'
import { WismoError } from '../../errors.ts'
import type { DeliveredRecord } from '../../eta/types.ts'
import type { OutboxRowInput } from '../contract.ts'

/** A JSON column's value as text (`null` stays SQL NULL); both dialects send JSON as text. */
export const jsonText = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value)

/** Shipment columns written from the domain object (poll columns are the schedule's, not the shipment's). */
export const SHIPMENT_COLUMNS = [
  'id',
  'order_id',
  'carrier',
  'tracking_number',
  'carrier_shipment_id',
  'service',
  'origin',
  'destination',
  'direction',
  'status',
  'sub_status',
  'status_changed_at',
  'last_event_at',
  'eta',
  'promised_date',
  'features',
  'pieces',
  'metadata',
  'version',
  'created_at',
  'updated_at',
  'list_key',
] as const

/** A column of {@link SHIPMENT_COLUMNS}. */
export type ShipmentColumn = (typeof SHIPMENT_COLUMNS)[number]

/** Shipment column values by name (`list_key` orders listings: createdAt, then id). */
export function shipmentRecord(s: Shipment): Record<ShipmentColumn, unknown> {
  return {
    id: s.id,
    order_id: s.orderId,
    carrier: s.carrier,
    tracking_number: s.trackingNumber,
    carrier_shipment_id: s.carrierShipmentId,
    service: s.service,
    origin: jsonText(s.origin),
    destination: jsonText(s.destination),
    direction: s.direction,
    status: s.status,
    sub_status: s.subStatus,
    status_changed_at: s.statusChangedAt,
    last_event_at: s.lastEventAt,
    eta: jsonText(s.eta),
    promised_date: s.promisedDate,
    features: jsonText(s.features),
    pieces: jsonText(s.pieces),
    metadata: jsonText(s.metadata),
    version: s.version,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    list_key: s.createdAt + s.id,
  }
}

/** Shipment column values in {@link SHIPMENT_COLUMNS} order, for positional placeholders. */
export function shipmentValues(s: Shipment): unknown[] {
  const record = shipmentRecord(s)
  return SHIPMENT_COLUMNS.map((column) => record[column])
}

/** Order column values by name: `id, customer, preferences, metadata, created_at`. */
export function orderRecord(o: Order) {
  return {
    id: o.id,
    customer: jsonText(o.customer),
    preferences: jsonText(o.preferences),
    metadata: jsonText(o.metadata),
    created_at: o.createdAt,
  }
}

/** Event column values by name, except `shipment_id` (the adapter adds it). */
export function eventRecord(e: TrackingEvent) {
  return {
    dedup_key: e.dedupKey,
    occurred_at: e.occurredAt,
    occurred_ms: timeKey(e.occurredAt),
    status: e.status,
    sub_status: e.subStatus ?? null,
    raw_code: e.rawCode,
    raw_text: e.rawText,
    location: jsonText(e.location),
    provider_event_id: e.providerEventId ?? null,
    piece: e.piece ?? null,
    via: e.via ?? null,
    received_at: e.receivedAt,
    source: e.source,
  }
}

/** A new outbox row's column values; `availableAt` must be an ISO instant (`INPUT_INVALID` otherwise). */
export function outboxRecord(id: string | undefined, row: OutboxRowInput, now: string) {
  const availableAt = row.availableAt ?? now
  const ms = Date.parse(availableAt)
  if (Number.isNaN(ms))
    throw new WismoError('INPUT_INVALID', 'Outbox availableAt is not an ISO instant', {
      details: { idempotencyKey: row.idempotencyKey },
    })
  return {
    id,
    idempotency_key: row.idempotencyKey,
    shipment_id: row.shipmentId,
    topic: row.topic,
    payload: JSON.stringify(row.payload),
    available_at: availableAt,
    available_ms: ms,
    created_at: now,
  }
}

/**
 * Delivery columns in order: `shipment_id, carrier, service, origin_region, destination_region,
 * delivered_at, record`. Keyed by the shipment written (as the memory store does), the record kept as given.
 */
export function deliveryValues(shipmentId: string, d: DeliveredRecord): unknown[] {
  return [
    shipmentId,
    d.carrier,
    d.service,
    d.originRegion,
    d.destinationRegion,
    d.deliveredAt,
    JSON.stringify(d),
  ]
}
