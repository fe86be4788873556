import type { CommitResult, ShipmentWrite, Status } from '@wismo/core'
import { timeKey } from '@wismo/core'
import {
  clampLimit,
  decodeCursor,
  isEventKey,
  isText,
  pageOf,
  type ShipmentMethods,
  TERMINAL_SQL,
} from '@wismo/core/sql'
import { commitWrite } from './commit.ts'
import type { Scope } from './db.ts'
import type { FeedbackMethods } from './feedback.ts'
import { groupCommit } from './group-commit.ts'
import { orderValues } from './params.ts'
import * as rows from './rows.ts'

/** The ingest commit: one statement alone, or grouped with the commits asked for alongside it. */
function commitMethod({ s, sql, tx }: Scope, grouped: boolean): ShipmentMethods['commit'] {
  const single = (write: ShipmentWrite) => commitWrite(s, sql, write)
  if (!grouped) return single
  return groupCommit<ShipmentWrite, CommitResult>({
    single,
    tx,
    write: (query, write) => commitWrite(s, query, write),
    // Every row a write locks belongs to its parcel: shipment row, identity indexes, its events.
    lockKey: (write) => `${write.shipment.carrier}\u0000${write.shipment.trackingNumber}`,
  })
}

/** Orders, shipments, the atomic ingest commit, history, preferences and the statistics reads. */
export function shipmentMethods(
  scope: Scope,
  options: { groupCommit: boolean },
): Omit<ShipmentMethods, keyof FeedbackMethods> {
  const { s, sql } = scope
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
      // The identity rule of WismoStore.findShipment: the carrier's id, else the live parcel, newest first.
      const [row] = await sql(
        `SELECT * FROM ${s}.shipments WHERE carrier = $1 AND tracking_number = $2
          AND ($3::text IS NULL OR carrier_shipment_id IS NULL OR carrier_shipment_id = $3::text)
        ORDER BY (carrier_shipment_id = $3::text) IS TRUE DESC, status IN (${TERMINAL_SQL}), parcel_seq DESC
        LIMIT 1`,
        [carrier, trackingNumber, carrierShipmentId ?? null],
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
    // One statement, atomic on its own (commit.ts); concurrent ones share a transaction (group-commit.ts).
    commit: commitMethod(scope, options.groupCommit),
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
