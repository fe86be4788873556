import { z } from 'zod'
import {
  type NotificationPreferences,
  NotificationPreferencesSchema,
  type Order,
  OrderSchema,
  type Shipment,
  ShipmentSchema,
  type TrackingEvent,
  TrackingEventSchema,
} from '../../domain/schemas.ts'
import { WismoError } from '../../errors.ts'
import type { DeliveredRecord } from '../../eta/types.ts'
import type { OutboxRow } from '../contract.ts'
import { type LabelRequest, LabelRequestSchema } from '../label-requests.ts'

/** A row as a SQL driver returns it: column name → value. */
export type SqlRow = Record<string, unknown>

/**
 * Turns what the driver returned for a JSON column into a JS value (`null` for SQL NULL). May
 * throw for text that is not JSON; the caller reports that as `STORE_ROW_INVALID`.
 */
export type ReadJson = (value: unknown) => unknown

/** Read-side mapping from rows to domain objects, each validated with its schema. */
export interface RowReaders {
  toOrder(row: SqlRow): Order
  toShipment(row: SqlRow): Shipment
  toEvent(row: SqlRow): TrackingEvent
  toOutbox(row: SqlRow): OutboxRow
  toDelivery(row: SqlRow): DeliveredRecord
  toPreferences(row: SqlRow): NotificationPreferences
  /** A label request, kept whole in a `record` JSON column. */
  toLabelRequest(row: SqlRow): LabelRequest
}

/** `STORE_ROW_INVALID` for a stored row (or JSON column) that does not match the Wismo schema. */
export function invalidRow(what: string, cause?: unknown): WismoError {
  return new WismoError('STORE_ROW_INVALID', `A stored ${what} row does not match the Wismo schema`, {
    cause,
    details: { what },
  })
}

/** Validate what was read: a damaged row is a coded error, never bad data handed on. */
function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw invalidRow(what, result.error)
  return result.data
}

const nullableText = z.string().nullable()

/** Outbox rows have no domain schema in core; this one mirrors the contract's `OutboxRow`. */
export const OutboxRowSchema = z.object({
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

/** The stored delivery record: the keys the store relies on, anything else kept as given. */
export const DeliveryRecordSchema = z.looseObject({
  shipmentId: z.string(),
  carrier: z.string(),
  service: nullableText,
  deliveredAt: z.string(),
})

/**
 * Row → domain readers for the SQL adapters. Only JSON columns differ by dialect (SQLite keeps
 * text, Postgres jsonb usually arrives parsed), so the adapter passes `readJson` for them.
 * @example export const { toShipment, toEvent } = rowReaders((v) => (v == null ? null : JSON.parse(String(v))))
 */
export function rowReaders(readJson: ReadJson): RowReaders {
  const parsed = (row: SqlRow, column: string): unknown => {
    try {
      return readJson(row[column])
    } catch (cause) {
      throw invalidRow(column, cause)
    }
  }
  return {
    toOrder: (row) =>
      checked(
        OrderSchema,
        {
          id: row.id,
          customer: parsed(row, 'customer'),
          preferences: parsed(row, 'preferences'),
          metadata: parsed(row, 'metadata'),
          createdAt: row.created_at,
        },
        'order',
      ),
    toShipment: (row) => {
      const features = parsed(row, 'features')
      const pieces = parsed(row, 'pieces')
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
        ...(features == null ? {} : { features }),
        ...(pieces == null ? {} : { pieces }),
        metadata: parsed(row, 'metadata'),
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }
      return checked(ShipmentSchema, value, 'shipment')
    },
    toEvent: (row) => {
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
        ...(row.piece == null ? {} : { piece: row.piece }),
        ...(row.via == null ? {} : { via: row.via }),
        receivedAt: row.received_at,
        source: row.source,
      }
      return checked(TrackingEventSchema, value, 'event')
    },
    toOutbox: (row) => {
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
    },
    toDelivery: (row) =>
      checked(DeliveryRecordSchema, parsed(row, 'record'), 'delivery') as unknown as DeliveredRecord,
    toPreferences: (row) => checked(NotificationPreferencesSchema, parsed(row, 'preferences'), 'preferences'),
    toLabelRequest: (row) => checked(LabelRequestSchema, parsed(row, 'record'), 'label request'),
  }
}
