import {
  type DeliveredRecord,
  type Order,
  type OutboxRowInput,
  type Shipment,
  type TrackingEvent,
  timeKey,
  WismoError,
} from '@wismo/core'

/** Write-side mapping: domain objects to statement parameters. JSON travels as text. */
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value))

/** Shipment columns in statement order, with the cast each parameter needs. */
export const SHIPMENT_COLUMNS = [
  ['id', 'text'],
  ['order_id', 'text'],
  ['carrier', 'text'],
  ['tracking_number', 'text'],
  ['carrier_shipment_id', 'text'],
  ['service', 'text'],
  ['origin', 'jsonb'],
  ['destination', 'jsonb'],
  ['direction', 'text'],
  ['status', 'text'],
  ['sub_status', 'text'],
  ['status_changed_at', 'text'],
  ['last_event_at', 'text'],
  ['eta', 'jsonb'],
  ['promised_date', 'text'],
  ['metadata', 'jsonb'],
  ['version', 'int'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['list_key', 'text'],
] as const

/** `$n` with a cast; JSON as `text::jsonb` so no driver re-encodes it. */
export const placeholder = (n: number, type: string) =>
  type === 'jsonb' ? `$${n}::text::jsonb` : `$${n}::${type}`

/** Values in {@link SHIPMENT_COLUMNS} order; `list_key` (createdAt + id) orders listings. */
export function shipmentValues(s: Shipment): unknown[] {
  return [
    s.id,
    s.orderId,
    s.carrier,
    s.trackingNumber,
    s.carrierShipmentId,
    s.service,
    json(s.origin),
    json(s.destination),
    s.direction,
    s.status,
    s.subStatus,
    s.statusChangedAt,
    s.lastEventAt,
    json(s.eta),
    s.promisedDate,
    json(s.metadata),
    s.version,
    s.createdAt,
    s.updatedAt,
    s.createdAt + s.id,
  ]
}

export function orderValues(o: Order): unknown[] {
  return [o.id, json(o.customer), json(o.preferences), json(o.metadata), o.createdAt]
}

/** Events as one JSON array for `json_to_recordset`: one statement whatever the batch size. */
export function eventsJson(events: readonly TrackingEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      dedup_key: e.dedupKey,
      occurred_at: e.occurredAt,
      occurred_ms: timeKey(e.occurredAt),
      status: e.status,
      sub_status: e.subStatus ?? null,
      raw_code: e.rawCode,
      raw_text: e.rawText,
      location: json(e.location),
      provider_event_id: e.providerEventId ?? null,
      received_at: e.receivedAt,
      source: e.source,
    })),
  )
}

/** Outbox rows as one JSON array; `availableAt` must be an ISO instant (`INPUT_INVALID` otherwise). */
export function outboxJson(list: readonly OutboxRowInput[], ids: readonly string[], now: string): string {
  return JSON.stringify(
    list.map((r, i) => {
      const availableAt = r.availableAt ?? now
      const ms = Date.parse(availableAt)
      if (Number.isNaN(ms))
        throw new WismoError('INPUT_INVALID', 'Outbox availableAt is not an ISO instant', {
          details: { idempotencyKey: r.idempotencyKey },
        })
      return {
        id: ids[i],
        idempotency_key: r.idempotencyKey,
        shipment_id: r.shipmentId,
        topic: r.topic,
        payload: JSON.stringify(r.payload),
        available_at: availableAt,
        available_ms: ms,
        created_at: now,
      }
    }),
  )
}

/** Keyed by the shipment written (as the memory store does), the record kept as given. */
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
