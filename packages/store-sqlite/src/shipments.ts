import { type ShipmentWrite, type Status, TERMINAL_STATUSES, timeKey, WismoError } from '@wismo/core'
import {
  clampLimit,
  decodeCursor,
  deliveryValues,
  eventRecord,
  isEventKey,
  isText,
  orderRecord,
  pageOf,
  SHIPMENT_COLUMNS,
  type ShipmentMethods,
  shipmentRecord,
} from '@wismo/core/sql'
import type { Row, Scope } from './db.ts'
import type { FeedbackMethods } from './feedback.ts'
import { enqueueRows, pollParams } from './queue.ts'
import * as rows from './rows.ts'

const COLUMNS = SHIPMENT_COLUMNS
// A new shipment only when the identity rule says the parcel is new (see WismoStore.commit); it
// takes the next parcel number of its carrier + tracking number.
const SAME_NUMBER = `carrier = @carrier AND tracking_number = @tracking_number`
const INSERT_SHIPMENT = `INSERT INTO shipments (${COLUMNS.join(', ')}, poll_at, poll_at_ms, parcel_seq)
  SELECT ${COLUMNS.map((k) => `@${k}`).join(', ')}, @poll_at, @poll_at_ms,
    coalesce((SELECT max(parcel_seq) + 1 FROM shipments WHERE ${SAME_NUMBER}), 0)
  WHERE NOT EXISTS (SELECT 1 FROM shipments WHERE ${SAME_NUMBER} AND (@carrier_shipment_id IS NULL
    OR carrier_shipment_id IS NULL OR carrier_shipment_id = @carrier_shipment_id))
  ON CONFLICT DO NOTHING`
// The parcels WismoStore.findShipment's identity rule picks from (the carrier's id, else the live
// parcel, newest first), without an ORDER BY: SQLite sorts even two rows with a temporary b-tree
// per call (5–6× this lookup's cost measured); `pickParcel` ranks them instead.
const FIND_SHIPMENT = `SELECT * FROM shipments WHERE ${SAME_NUMBER}
  AND (@carrier_shipment_id IS NULL OR carrier_shipment_id IS NULL OR carrier_shipment_id = @carrier_shipment_id)`
// `poll_at` changes only when the write says so (@set_poll); `version = @expected` is the optimistic check.
const UPDATE_SHIPMENT = `UPDATE shipments SET ${COLUMNS.filter((k) => k !== 'id')
  .map((k) => `${k} = @${k}`)
  .join(
    ', ',
  )}, poll_at = iif(@set_poll, @poll_at, poll_at), poll_at_ms = iif(@set_poll, @poll_at_ms, poll_at_ms)
  WHERE id = @id AND version = @expected`
// SQLite rewrites every index on a column named in an UPDATE's SET, whether its value changed or
// not, and every rewritten index page is one more page for the commit to write. These indexed
// columns seldom or never change once a shipment is stored. The usual update leaves them (and
// the poll columns, unless the write moves the poll) out of its SET, and applies only where the
// row already holds the values written. When one did change, UPDATE_SHIPMENT writes everything.
const STEADY_KEPT = [
  'order_id',
  'carrier',
  'tracking_number',
  'carrier_shipment_id',
  'status',
  'created_at',
  'list_key',
]
const steadyUpdate = (poll: boolean) => {
  const set = COLUMNS.filter((k) => k !== 'id' && !STEADY_KEPT.includes(k)).map((k) => `${k} = @${k}`)
  if (poll) set.push('poll_at = @poll_at', 'poll_at_ms = @poll_at_ms')
  const kept = STEADY_KEPT.map((k) => ` AND ${k} IS @${k}`).join('')
  return `UPDATE shipments SET ${set.join(', ')} WHERE id = @id AND version = @expected${kept}`
}
const STEADY_UPDATE = { poll: steadyUpdate(true), still: steadyUpdate(false) }
const INSERT_EVENT = `INSERT INTO events (shipment_id, dedup_key, occurred_at, occurred_ms, status, sub_status, raw_code,
  raw_text, location, provider_event_id, received_at, source, piece, via) VALUES (@shipment_id, @dedup_key, @occurred_at,
  @occurred_ms, @status, @sub_status, @raw_code, @raw_text, @location, @provider_event_id, @received_at, @source, @piece,
  @via)
  ON CONFLICT DO NOTHING`
const UPSERT_DELIVERY = `INSERT INTO deliveries (shipment_id, carrier, service, origin_region, destination_region,
  delivered_at, record) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shipment_id) DO UPDATE SET carrier = excluded.carrier,
  service = excluded.service, origin_region = excluded.origin_region, destination_region = excluded.destination_region,
  delivered_at = excluded.delivered_at, record = excluded.record`

/** Orders, shipments, the atomic ingest commit, history, preferences and the statistics reads. */
export function shipmentMethods(scope: Scope): Omit<ShipmentMethods, keyof FeedbackMethods> {
  const { one, all, run, grouped } = scope
  const writeShipment = (write: ShipmentWrite) => {
    const p = shipmentRecord(write.shipment)
    const poll = write.nextPollAt === undefined ? pollParams(null) : pollParams(write.nextPollAt)
    if (write.expectedVersion === null) {
      if (run(INSERT_SHIPMENT, { ...p, ...poll }) === 1) return
      throw new WismoError('STORE_DUPLICATE', `Shipment ${p.carrier}/${p.tracking_number} already exists`)
    }
    const setPoll = write.nextPollAt === undefined ? 0 : 1
    const params = { ...p, ...poll, set_poll: setPoll, expected: write.expectedVersion }
    if (run(setPoll ? STEADY_UPDATE.poll : STEADY_UPDATE.still, params) === 1) return
    if (run(UPDATE_SHIPMENT, params) === 1) return
    const actual =
      (one('SELECT version FROM shipments WHERE id = ?', p.id)?.version as number | undefined) ?? null
    throw new WismoError('STORE_CONFLICT', `Shipment ${p.id} changed since it was read`, {
      details: { expected: write.expectedVersion, actual },
    })
  }
  // One write: shipment (version check), new events, outbox rows, delivery record. Writes of one
  // event-loop turn share an IMMEDIATE transaction (group commit; see groupWriter).
  const commit = (write: ShipmentWrite) => {
    const next = write.shipment
    writeShipment(write)
    const insertedEventKeys = write.events
      .filter((e) => run(INSERT_EVENT, { shipment_id: next.id, ...eventRecord(e) }) === 1)
      .map((e) => e.dedupKey)
    const enqueuedKeys = enqueueRows(scope, write.outbox, next.updatedAt)
    if (write.delivery) run(UPSERT_DELIVERY, ...deliveryValues(next.id, write.delivery))
    else if (write.delivery === null) run('DELETE FROM deliveries WHERE shipment_id = ?', next.id)
    return { shipment: next, insertedEventKeys, enqueuedKeys }
  }

  return {
    async putOrder(order) {
      const row = one(
        `INSERT INTO orders (id, customer, preferences, metadata, created_at)
        VALUES (@id, @customer, @preferences, @metadata, @created_at) ON CONFLICT (id) DO UPDATE SET
        customer = excluded.customer, preferences = excluded.preferences, metadata = excluded.metadata RETURNING *`,
        orderRecord(order),
      )
      return rows.toOrder(row ?? {})
    },
    async getOrder(id) {
      const row = one('SELECT * FROM orders WHERE id = ?', id)
      return row ? rows.toOrder(row) : null
    },
    async getShipment(id) {
      const row = one('SELECT * FROM shipments WHERE id = ?', id)
      return row ? rows.toShipment(row) : null
    },
    async findShipment({ carrier, trackingNumber, carrierShipmentId }) {
      const key = { carrier, tracking_number: trackingNumber, carrier_shipment_id: carrierShipmentId ?? null }
      const row = pickParcel(all(FIND_SHIPMENT, key), carrierShipmentId ?? null)
      return row ? rows.toShipment(row) : null
    },
    async listShipments(query) {
      const limit = clampLimit(query.limit)
      const where: string[] = []
      const params: unknown[] = []
      const add = (clause: string, value: unknown) => where.push(clause) && params.push(value)
      if (query.orderId !== undefined) add('order_id = ?', query.orderId)
      if (query.status) add('status IN (SELECT value FROM json_each(?))', JSON.stringify(query.status))
      if (query.cursor) add('list_key > ?', decodeCursor(query.cursor, isText))
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const found = all(`SELECT * FROM shipments ${filter} ORDER BY list_key LIMIT ?`, ...params, limit + 1)
      return pageOf(found.map(rows.toShipment), limit, (s) => s.createdAt + s.id)
    },
    commit: grouped(commit),
    async listEvents(shipmentId, page = {}) {
      const limit = clampLimit(page.limit)
      const [afterMs, afterKey] = page.cursor ? decodeCursor(page.cursor, isEventKey) : [-1, '']
      const found = all(
        `SELECT * FROM events WHERE shipment_id = ? AND (occurred_ms, dedup_key) > (?, ?)
        ORDER BY occurred_ms, dedup_key LIMIT ?`,
        shipmentId,
        afterMs,
        afterKey,
        limit + 1,
      )
      return pageOf(found.map(rows.toEvent), limit, (e) => [timeKey(e.occurredAt), e.dedupKey])
    },
    async getPreferences(recipient) {
      const row = one('SELECT preferences FROM preferences WHERE recipient = ?', recipient)
      return row ? rows.toPreferences(row) : null
    },
    async setPreferences(recipient, preferences) {
      run(
        `INSERT INTO preferences (recipient, preferences) VALUES (?, ?)
        ON CONFLICT (recipient) DO UPDATE SET preferences = excluded.preferences`,
        recipient,
        JSON.stringify(preferences),
      )
    },
    async listDeliveries({ since, limit }) {
      const found = all(
        'SELECT record FROM deliveries WHERE delivered_at >= ? ORDER BY delivered_at, shipment_id LIMIT ?',
        since ?? '',
        limit ?? -1,
      )
      return found.map(rows.toDelivery)
    },
    async countByStatus() {
      const counts: Partial<Record<Status, number>> = {}
      for (const row of all('SELECT status, count(*) AS n FROM shipments GROUP BY status'))
        counts[row.status as Status] = Number(row.n)
      return counts
    },
  }
}

/**
 * The parcel `findShipment` answers among its candidates: the one with the carrier's own id when
 * one was given, else the newest (highest `parcel_seq`) not yet delivered, returned or
 * cancelled, else the newest.
 */
function pickParcel(candidates: readonly Row[], carrierShipmentId: string | null): Row | undefined {
  const rank = (r: Row) =>
    (carrierShipmentId !== null && r.carrier_shipment_id === carrierShipmentId ? 0 : 2) +
    (TERMINAL_STATUSES.includes(r.status as Status) ? 1 : 0)
  let best: Row | undefined
  for (const r of candidates) {
    if (!best) best = r
    else {
      const d = rank(r) - rank(best)
      if (d < 0 || (d === 0 && (r.parcel_seq as number) > (best.parcel_seq as number))) best = r
    }
  }
  return best
}
