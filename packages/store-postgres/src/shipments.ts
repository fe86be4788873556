import { type ShipmentWrite, type Status, timeKey, WismoError } from '@wismo/core'
import {
  clampLimit,
  decodeCursor,
  deliveryValues,
  isEventKey,
  isText,
  pageOf,
  SHIPMENT_COLUMNS,
  type ShipmentMethods,
  shipmentValues,
} from '@wismo/core/sql'
import type { Scope, Sql } from './db.ts'
import { eventsJson, orderValues, SHIPMENT_PLACEHOLDERS } from './params.ts'
import { enqueueRows, inputOrder } from './queue.ts'
import * as rows from './rows.ts'

/** Shipment INSERT (skipping an existing id or identity) and version-checked UPDATE, built once per schema. */
function shipmentStatements(s: string) {
  const cols = SHIPMENT_COLUMNS
  const values = SHIPMENT_PLACEHOLDERS
  const n = cols.length
  const sets = cols.slice(1).map((c, i) => `${c} = ${values[i + 1]}`)
  return {
    insert: `INSERT INTO ${s}.shipments (${cols.join(', ')}, poll_at, poll_at_ms)
      VALUES (${values.join(', ')}, $${n + 1}::text, $${n + 2}::bigint) ON CONFLICT DO NOTHING RETURNING id`,
    // `poll_at` changes only when the write says so ($n+3 = 1); `version = $n+4` is the optimistic check.
    update: `UPDATE ${s}.shipments SET ${sets.join(', ')},
      poll_at = CASE WHEN $${n + 3}::int = 1 THEN $${n + 1}::text ELSE poll_at END,
      poll_at_ms = CASE WHEN $${n + 3}::int = 1 THEN $${n + 2}::bigint ELSE poll_at_ms END
      WHERE id = $1 AND version = $${n + 4}::int RETURNING id`,
  }
}

/** Orders, shipments, the atomic ingest commit, history, preferences and the statistics reads. */
export function shipmentMethods({ s, sql, tx }: Scope): ShipmentMethods {
  const statements = shipmentStatements(s)
  const writeShipment = async (q: Sql, write: ShipmentWrite) => {
    const values = shipmentValues(write.shipment)
    const at = write.nextPollAt ?? null
    const poll = [at, at === null ? null : Date.parse(at), write.nextPollAt === undefined ? 0 : 1]
    if (write.expectedVersion === null) {
      if ((await q(statements.insert, [...values, at, poll[1]])).length === 1) return
      const { carrier, trackingNumber } = write.shipment
      throw new WismoError('STORE_DUPLICATE', `Shipment ${carrier}/${trackingNumber} already exists`)
    }
    if ((await q(statements.update, [...values, ...poll, write.expectedVersion])).length === 1) return
    const [row] = await q(`SELECT version FROM ${s}.shipments WHERE id = $1`, [write.shipment.id])
    throw new WismoError('STORE_CONFLICT', `Shipment ${write.shipment.id} changed since it was read`, {
      details: { expected: write.expectedVersion, actual: row ? Number(row.version) : null },
    })
  }
  const insertEvents = async (q: Sql, write: ShipmentWrite) => {
    if (write.events.length === 0) return []
    const inserted = await q(
      `INSERT INTO ${s}.events (shipment_id, dedup_key, occurred_at, occurred_ms, status, sub_status, raw_code,
        raw_text, location, provider_event_id, received_at, source)
      SELECT $1, x.dedup_key, x.occurred_at, x.occurred_ms, x.status, x.sub_status, x.raw_code, x.raw_text,
        x.location::jsonb, x.provider_event_id, x.received_at, x.source
      FROM json_to_recordset($2::text::json) AS x(dedup_key text, occurred_at text, occurred_ms bigint, status text,
        sub_status text, raw_code text, raw_text text, location text, provider_event_id text, received_at text,
        source text)
      ON CONFLICT (shipment_id, dedup_key) DO NOTHING RETURNING dedup_key`,
      [write.shipment.id, eventsJson(write.events)],
    )
    return inputOrder(
      write.events.map((e) => e.dedupKey),
      inserted.map((r) => String(r.dedup_key)),
    )
  }

  return {
    async putOrder(order) {
      const [row] = await sql(
        `INSERT INTO ${s}.orders (id, customer, preferences, metadata, created_at)
        VALUES ($1, $2::text::jsonb, $3::text::jsonb, $4::text::jsonb, $5) ON CONFLICT (id) DO UPDATE SET
        customer = excluded.customer, preferences = excluded.preferences, metadata = excluded.metadata RETURNING *`,
        orderValues(order),
      )
      return rows.toOrder(row ?? {})
    },
    async getOrder(id) {
      const [row] = await sql(`SELECT * FROM ${s}.orders WHERE id = $1`, [id])
      return row ? rows.toOrder(row) : null
    },
    async getShipment(id) {
      const [row] = await sql(`SELECT * FROM ${s}.shipments WHERE id = $1`, [id])
      return row ? rows.toShipment(row) : null
    },
    async findShipment({ carrier, trackingNumber, carrierShipmentId }) {
      const [row] = await sql(
        `SELECT * FROM ${s}.shipments
        WHERE carrier = $1 AND tracking_number = $2 AND coalesce(carrier_shipment_id, '') = $3`,
        [carrier, trackingNumber, carrierShipmentId ?? ''],
      )
      return row ? rows.toShipment(row) : null
    },
    async listShipments(query) {
      const limit = clampLimit(query.limit)
      const where: string[] = []
      const params: unknown[] = []
      const add = (clause: string, value: unknown) =>
        where.push(clause.replace('?', `$${params.push(value)}`))
      if (query.orderId !== undefined) add('order_id = ?', query.orderId)
      if (query.status)
        add('status IN (SELECT json_array_elements_text(?::text::json))', JSON.stringify(query.status))
      if (query.cursor) add('list_key > ?', decodeCursor(query.cursor, isText))
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const found = await sql(
        `SELECT * FROM ${s}.shipments ${filter} ORDER BY list_key LIMIT ${limit + 1}`,
        params,
      )
      return pageOf(found.map(rows.toShipment), limit, (x) => x.createdAt + x.id)
    },
    async commit(write) {
      return tx(async (q) => {
        await writeShipment(q, write)
        const insertedEventKeys = await insertEvents(q, write)
        const enqueuedKeys = await enqueueRows(s, q, write.outbox, write.shipment.updatedAt)
        if (write.delivery)
          await q(
            `INSERT INTO ${s}.deliveries (shipment_id, carrier, service, origin_region, destination_region,
              delivered_at, record) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
            ON CONFLICT (shipment_id) DO UPDATE SET carrier = excluded.carrier, service = excluded.service,
              origin_region = excluded.origin_region, destination_region = excluded.destination_region,
              delivered_at = excluded.delivered_at, record = excluded.record`,
            deliveryValues(write.shipment.id, write.delivery),
          )
        else if (write.delivery === null)
          await q(`DELETE FROM ${s}.deliveries WHERE shipment_id = $1`, [write.shipment.id])
        return { shipment: write.shipment, insertedEventKeys, enqueuedKeys }
      })
    },
    async listEvents(shipmentId, page = {}) {
      const limit = clampLimit(page.limit)
      const [afterMs, afterKey] = page.cursor ? decodeCursor(page.cursor, isEventKey) : [-1, '']
      const found = await sql(
        `SELECT * FROM ${s}.events WHERE shipment_id = $1 AND (occurred_ms, dedup_key) > ($2::bigint, $3::text)
        ORDER BY occurred_ms, dedup_key LIMIT ${limit + 1}`,
        [shipmentId, afterMs, afterKey],
      )
      return pageOf(found.map(rows.toEvent), limit, (e) => [timeKey(e.occurredAt), e.dedupKey])
    },
    async getPreferences(recipient) {
      const [row] = await sql(`SELECT preferences FROM ${s}.preferences WHERE recipient = $1`, [recipient])
      return row ? rows.toPreferences(row) : null
    },
    async setPreferences(recipient, preferences) {
      await sql(
        `INSERT INTO ${s}.preferences (recipient, preferences) VALUES ($1, $2::text::jsonb)
        ON CONFLICT (recipient) DO UPDATE SET preferences = excluded.preferences`,
        [recipient, JSON.stringify(preferences)],
      )
    },
    async listDeliveries({ since, limit }) {
      const found = await sql(
        `SELECT record FROM ${s}.deliveries WHERE delivered_at >= $1
        ORDER BY delivered_at, shipment_id LIMIT $2::bigint`,
        [since ?? '', limit ?? null],
      )
      return found.map(rows.toDelivery)
    },
    async countByStatus() {
      const counts: Partial<Record<Status, number>> = {}
      const found = await sql(`SELECT status, count(*)::int AS n FROM ${s}.shipments GROUP BY status`)
      for (const row of found) counts[row.status as Status] = Number(row.n)
      return counts
    },
  }
}
