import {
  type DeliveredRecord,
  type NotificationPreferences,
  NotificationPreferencesSchema,
  type Order,
  OrderSchema,
  type OutboxRow,
  type Page,
  type Shipment,
  ShipmentSchema,
  type TrackingEvent,
  TrackingEventSchema,
  WismoError,
} from '@wismo/core'
import { z } from 'zod'
import type { Row } from './db.ts'

function invalid(what: string, cause?: unknown): WismoError {
  return new WismoError('STORE_ROW_INVALID', `A stored ${what} row does not match the Wismo schema`, {
    cause,
    details: { what },
  })
}

/** A jsonb column: drivers return it parsed (`pg`, PGlite) or, for some clients, as text. */
function parsed(row: Row, column: string): unknown {
  const value = row[column]
  if (typeof value !== 'string') return value ?? null
  try {
    return JSON.parse(value)
  } catch (cause) {
    throw invalid(column, cause)
  }
}

/** Validate what was read: a damaged row is a coded error, never bad data handed on. */
function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw invalid(what, result.error)
  return result.data
}

export function toShipment(row: Row): Shipment {
  const value = {
    id: row.id,
    orderId: row.order_id,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    carrierShipmentId: row.carrier_shipment_id,
    service: row.service,
    origin: parsed(row, 'origin'),
    destination: parsed(row, 'destination'),
    direction: row.direction,
    status: row.status,
    subStatus: row.sub_status,
    statusChangedAt: row.status_changed_at,
    lastEventAt: row.last_event_at,
    eta: parsed(row, 'eta'),
    promisedDate: row.promised_date,
    metadata: parsed(row, 'metadata'),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
  return checked(ShipmentSchema, value, 'shipment')
}

export function toOrder(row: Row): Order {
  const value = {
    id: row.id,
    customer: parsed(row, 'customer'),
    preferences: parsed(row, 'preferences'),
    metadata: parsed(row, 'metadata'),
    createdAt: row.created_at,
  }
  return checked(OrderSchema, value, 'order')
}

export function toEvent(row: Row): TrackingEvent {
  const value = {
    shipmentId: row.shipment_id,
    dedupKey: row.dedup_key,
    status: row.status,
    subStatus: row.sub_status,
    rawCode: row.raw_code,
    rawText: row.raw_text,
    occurredAt: row.occurred_at,
    location: parsed(row, 'location'),
    providerEventId: row.provider_event_id,
    receivedAt: row.received_at,
    source: row.source,
  }
  return checked(TrackingEventSchema, value, 'event')
}

const nullableText = z.string().nullable()

/** Outbox rows have no domain schema in core; this one mirrors the contract. */
const OutboxRowSchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  shipmentId: nullableText,
  topic: z.string(),
  payload: z.record(z.string(), z.unknown()),
  state: z.enum(['pending', 'done', 'dead']),
  attempts: z.number().int().nonnegative(),
  availableAt: z.string(),
  leaseOwner: nullableText,
  leaseUntil: nullableText,
  lastError: nullableText,
  providerMessageId: nullableText,
  createdAt: z.string(),
  completedAt: nullableText,
})

export function toOutbox(row: Row): OutboxRow {
  const until = row.lease_until_ms
  const value = {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    shipmentId: row.shipment_id,
    topic: row.topic,
    payload: parsed(row, 'payload'),
    state: row.state,
    attempts: row.attempts,
    availableAt: row.available_at,
    leaseOwner: row.lease_owner,
    leaseUntil: until === null || until === undefined ? null : new Date(Number(until)).toISOString(),
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  }
  return checked(OutboxRowSchema, value, 'outbox')
}

const DeliverySchema = z.looseObject({
  shipmentId: z.string(),
  carrier: z.string(),
  service: nullableText,
  deliveredAt: z.string(),
})

export function toDelivery(row: Row): DeliveredRecord {
  return checked(DeliverySchema, parsed(row, 'record'), 'delivery') as unknown as DeliveredRecord
}

export function toPreferences(row: Row): NotificationPreferences {
  return checked(NotificationPreferencesSchema, parsed(row, 'preferences'), 'preferences')
}

/** Page size as the memory store clamps it: 1..1000, default 100. */
export const clampLimit = (limit: number | undefined) => Math.max(1, Math.min(limit ?? 100, 1000))

/** A page from `limit + 1` fetched items: the extra one only says there is more. */
export function pageOf<T>(items: T[], limit: number, key: (item: T) => unknown): Page<T> {
  const shown = items.slice(0, limit)
  const last = shown.at(-1)
  return {
    items: shown,
    nextCursor: items.length > limit && last !== undefined ? encodeCursor(key(last)) : null,
  }
}

/** Opaque paging cursors: base64url of the sort key of the last item returned. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

/** Throws `INPUT_INVALID` for a cursor this store did not make. */
export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch (cause) {
    throw new WismoError('INPUT_INVALID', 'The paging cursor is not valid', { cause })
  }
  if (!valid(value)) throw new WismoError('INPUT_INVALID', 'The paging cursor is not valid')
  return value
}
