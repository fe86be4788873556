import {
  type DeliveredRecord,
  type Order,
  type OutboxRowInput,
  type Shipment,
  type TrackingEvent,
  timeKey,
  WismoError,
} from '@wismo/core'
import type { Row } from './db.ts'

/** Write-side mapping: domain objects to statement parameters. JSON columns hold text. */
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value))

export function orderParams(order: Order): Row {
  return {
    id: order.id,
    customer: json(order.customer),
    preferences: json(order.preferences),
    metadata: json(order.metadata),
    created_at: order.createdAt,
  }
}

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
  'metadata',
  'version',
  'created_at',
  'updated_at',
  'list_key',
] as const

/** Named parameters of a shipment row (`list_key` orders listings: createdAt, then id). */
export function shipmentParams(s: Shipment): Row {
  return {
    id: s.id,
    order_id: s.orderId,
    carrier: s.carrier,
    tracking_number: s.trackingNumber,
    carrier_shipment_id: s.carrierShipmentId,
    service: s.service,
    origin: json(s.origin),
    destination: json(s.destination),
    direction: s.direction,
    status: s.status,
    sub_status: s.subStatus,
    status_changed_at: s.statusChangedAt,
    last_event_at: s.lastEventAt,
    eta: json(s.eta),
    promised_date: s.promisedDate,
    metadata: json(s.metadata),
    version: s.version,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    list_key: s.createdAt + s.id,
  }
}

export function eventParams(shipmentId: string, e: TrackingEvent): unknown[] {
  return [
    shipmentId,
    e.dedupKey,
    e.occurredAt,
    timeKey(e.occurredAt),
    e.status,
    e.subStatus ?? null,
    e.rawCode,
    e.rawText,
    json(e.location),
    e.providerEventId ?? null,
    e.receivedAt,
    e.source,
  ]
}

export function outboxParams(id: string, row: OutboxRowInput, now: string): unknown[] {
  const availableAt = row.availableAt ?? now
  const ms = Date.parse(availableAt)
  if (Number.isNaN(ms))
    throw new WismoError('INPUT_INVALID', 'Outbox availableAt is not an ISO instant', {
      details: { idempotencyKey: row.idempotencyKey },
    })
  return [
    id,
    row.idempotencyKey,
    row.shipmentId,
    row.topic,
    JSON.stringify(row.payload),
    availableAt,
    ms,
    now,
  ]
}

/** Keyed by the shipment written (as the memory store does), the record kept as given. */
export function deliveryParams(shipmentId: string, d: DeliveredRecord): unknown[] {
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
