import { type CommitResult, newId, type ShipmentWrite, WismoError } from '@wismo/core'
import { deliveryValues, SHIPMENT_COLUMNS, shipmentValues } from '@wismo/core/sql'
import type { Sql } from './db.ts'
import { eventsJson, outboxJson, SHIPMENT_PLACEHOLDERS } from './params.ts'
import { inputOrder, outboxRows } from './queue.ts'

/**
 * The ingest commit as ONE statement: data-modifying CTEs run atomically in a single round trip,
 * with no BEGIN/COMMIT. `w` writes the shipment (insert-if-absent or version-checked update) and
 * returns its id only when it wrote; every other CTE joins `w`, so nothing else is written when
 * the shipment was not. All CTEs share one snapshot and cannot see each other's rows; none needs
 * to — `ON CONFLICT` checks the unique indexes, which also skips a key repeated inside one batch.
 */
/** Event rows from a JSON array parameter, for `INSERT … SELECT`; the shipment id comes from `w`. */
const eventRows = (json: string) => ({
  insert: `(shipment_id, dedup_key, occurred_at, occurred_ms, status, sub_status, raw_code, raw_text, location,
    provider_event_id, received_at, source, piece, via)`,
  select: `x.dedup_key, x.occurred_at, x.occurred_ms, x.status, x.sub_status, x.raw_code, x.raw_text,
    x.location::jsonb, x.provider_event_id, x.received_at, x.source, x.piece, x.via`,
  from: `json_to_recordset(${json}::json) AS x(dedup_key text, occurred_at text, occurred_ms bigint, status text,
    sub_status text, raw_code text, raw_text text, location text, provider_event_id text, received_at text,
    source text, piece text, via text)`,
})

class Statement {
  readonly params: unknown[]
  constructor(first: readonly unknown[]) {
    this.params = [...first]
  }
  /** A placeholder for `value`, cast to `type`. */
  $(value: unknown, type = 'text'): string {
    return `$${this.params.push(value)}::${type}`
  }
}

function shipmentCte(s: string, st: Statement, write: ShipmentWrite): string {
  const cols = SHIPMENT_COLUMNS
  const values = SHIPMENT_PLACEHOLDERS
  const at = write.nextPollAt ?? null
  const atText = st.$(at)
  const atMs = st.$(at === null ? null : Date.parse(at), 'bigint')
  if (write.expectedVersion === null) {
    // A new shipment only when the identity rule says the parcel is new (WismoStore.commit); it
    // takes the next parcel number of its carrier + number, so concurrent creators collide.
    const [, , carrier, number, carrierId] = values
    const sameNumber = `carrier = ${carrier} AND tracking_number = ${number}`
    return `INSERT INTO ${s}.shipments (${cols.join(', ')}, poll_at, poll_at_ms, parcel_seq)
      SELECT ${values.join(', ')}, ${atText}, ${atMs},
        coalesce((SELECT max(parcel_seq) + 1 FROM ${s}.shipments WHERE ${sameNumber}), 0)
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.shipments WHERE ${sameNumber}
        AND (${carrierId} IS NULL OR carrier_shipment_id IS NULL OR carrier_shipment_id = ${carrierId}))
      ON CONFLICT DO NOTHING RETURNING id`
  }
  // `poll_at` changes only when the write says so; `version = expected` is the optimistic check.
  const setPoll = st.$(write.nextPollAt === undefined ? 0 : 1, 'int')
  const sets = cols.slice(1).map((c, i) => `${c} = ${values[i + 1]}`)
  return `UPDATE ${s}.shipments SET ${sets.join(', ')},
      poll_at = CASE WHEN ${setPoll} = 1 THEN ${atText} ELSE poll_at END,
      poll_at_ms = CASE WHEN ${setPoll} = 1 THEN ${atMs} ELSE poll_at_ms END
    WHERE id = $1 AND version = ${st.$(write.expectedVersion, 'int')} RETURNING id`
}

function deliveryCte(s: string, st: Statement, write: ShipmentWrite): string | null {
  if (write.delivery === null)
    return `DELETE FROM ${s}.deliveries d USING w WHERE d.shipment_id = w.id RETURNING 1`
  if (write.delivery === undefined) return null
  const [, ...rest] = deliveryValues(write.shipment.id, write.delivery)
  const [carrier, service, origin, destination, deliveredAt, record] = rest.map((v) => st.$(v))
  return `INSERT INTO ${s}.deliveries (shipment_id, carrier, service, origin_region, destination_region,
      delivered_at, record) SELECT w.id, ${carrier}, ${service}, ${origin}, ${destination}, ${deliveredAt},
      ${record}::jsonb FROM w
    ON CONFLICT (shipment_id) DO UPDATE SET carrier = excluded.carrier, service = excluded.service,
      origin_region = excluded.origin_region, destination_region = excluded.destination_region,
      delivered_at = excluded.delivered_at, record = excluded.record RETURNING 1`
}

/** The whole commit statement and its parameters; the final SELECT reports what was written. */
export function commitStatement(s: string, write: ShipmentWrite): { text: string; params: unknown[] } {
  const st = new Statement(shipmentValues(write.shipment))
  const ctes = [`w AS (${shipmentCte(s, st, write)})`]
  let events = `'[]'`
  let enqueued = `'[]'`
  if (write.events.length > 0) {
    const rows = eventRows(st.$(eventsJson(write.events)))
    ctes.push(`ev AS (INSERT INTO ${s}.events ${rows.insert} SELECT w.id, ${rows.select} FROM w, ${rows.from}
      ON CONFLICT (shipment_id, dedup_key) DO NOTHING RETURNING dedup_key)`)
    events = `(SELECT coalesce(json_agg(dedup_key), '[]') FROM ev)`
  }
  if (write.outbox.length > 0) {
    const json = outboxJson(
      write.outbox,
      write.outbox.map(() => newId('obx')),
      write.shipment.updatedAt,
    )
    const rows = outboxRows(st.$(json))
    ctes.push(`ob AS (INSERT INTO ${s}.outbox ${rows.insert} SELECT ${rows.select} FROM w, ${rows.from}
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)`)
    enqueued = `(SELECT coalesce(json_agg(idempotency_key), '[]') FROM ob)`
  }
  const delivery = deliveryCte(s, st, write)
  if (delivery) ctes.push(`dl AS (${delivery})`)
  const text = `WITH ${ctes.join(',\n')}
    SELECT (SELECT count(*) FROM w)::int AS written, ${events}::text AS events, ${enqueued}::text AS enqueued`
  return { text, params: st.params }
}

/** Run the commit; on "not written" tell a version conflict from an existing identity, as before. */
export async function commitWrite(s: string, sql: Sql, write: ShipmentWrite): Promise<CommitResult> {
  const { text, params } = commitStatement(s, write)
  const [row] = await sql(text, params)
  if (Number(row?.written) === 1)
    return {
      shipment: write.shipment,
      insertedEventKeys: inputOrder(
        write.events.map((e) => e.dedupKey),
        JSON.parse(String(row?.events)),
      ),
      enqueuedKeys: inputOrder(
        write.outbox.map((r) => r.idempotencyKey),
        JSON.parse(String(row?.enqueued)),
      ),
    }
  if (write.expectedVersion === null) {
    const { carrier, trackingNumber } = write.shipment
    throw new WismoError('STORE_DUPLICATE', `Shipment ${carrier}/${trackingNumber} already exists`)
  }
  const [found] = await sql(`SELECT version FROM ${s}.shipments WHERE id = $1`, [write.shipment.id])
  throw new WismoError('STORE_CONFLICT', `Shipment ${write.shipment.id} changed since it was read`, {
    details: { expected: write.expectedVersion, actual: found ? Number(found.version) : null },
  })
}
