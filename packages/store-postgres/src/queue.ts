import { newId, type OutboxRowInput, WismoError } from '@wismo/core'
import {
  byKey,
  instantMs,
  lastErrorText,
  outboxLeaseError,
  pollLeaseLost,
  type QueueMethods,
  TERMINAL_SQL,
} from '@wismo/core/sql'
import type { Scope, Sql } from './db.ts'
import { outboxJson } from './params.ts'
import { toOutbox, toShipment } from './rows.ts'

const ms = (instant: string) => Date.parse(instant)

/** Keys of `wanted` that are in `got`, in input order, each once. */
export function inputOrder(wanted: readonly string[], got: readonly string[]): string[] {
  const hit = new Set(got)
  return [...new Set(wanted)].filter((k) => hit.has(k))
}

/** Outbox rows from a JSON array parameter (see `outboxJson`), for `INSERT … SELECT`. */
export const outboxRows = (json: string) => ({
  insert: `(id, idempotency_key, shipment_id, topic, payload, state, attempts, available_at, available_ms,
    created_at)`,
  select: `x.id, x.idempotency_key, x.shipment_id, x.topic, x.payload::jsonb, 'pending', 0, x.available_at,
    x.available_ms, x.created_at`,
  from: `json_to_recordset(${json}::json) AS x(id text, idempotency_key text, shipment_id text, topic text,
    payload text, available_at text, available_ms bigint, created_at text)`,
})

/** Insert outbox rows in one statement; a known idempotency key is skipped. Returns the new keys. */
export async function enqueueRows(
  s: string,
  q: Sql,
  list: readonly OutboxRowInput[],
  now: string,
): Promise<string[]> {
  if (list.length === 0) return []
  const ids = list.map(() => newId('obx'))
  const rows = outboxRows('$1::text')
  const added = await q(
    `INSERT INTO ${s}.outbox ${rows.insert} SELECT ${rows.select} FROM ${rows.from}
    ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
    [outboxJson(list, ids, now)],
  )
  return inputOrder(
    list.map((r) => r.idempotencyKey),
    added.map((r) => String(r.idempotency_key)),
  )
}

/**
 * The outbox and the poll schedule: claims are one `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`
 * each, so concurrent workers in any number of processes never take the same row, and a lease
 * that runs out (a crashed worker) makes the row claimable again.
 */
export function queueMethods({ s, sql, tx }: Scope): QueueMethods {
  const leased = async (id: string, workerId: string, now: string, set: string, params: unknown[]) => {
    const done = await sql(
      `UPDATE ${s}.outbox SET ${set} WHERE id = $1 AND state = 'pending' AND lease_owner = $2
        AND lease_until_ms >= $3::bigint RETURNING id`,
      [id, workerId, ms(now), ...params],
    )
    if (done.length === 1) return
    const exists = (await sql(`SELECT 1 FROM ${s}.outbox WHERE id = $1`, [id])).length > 0
    throw outboxLeaseError(id, workerId, exists)
  }
  return {
    async enqueue(list) {
      return tx((q) => enqueueRows(s, q, list, new Date().toISOString()))
    },
    async claimOutbox({ workerId, limit, leaseMs, now }) {
      const claimed = await sql(
        `WITH picked AS (SELECT id FROM ${s}.outbox WHERE state = 'pending' AND available_ms <= $1::bigint
            AND (lease_until_ms IS NULL OR lease_until_ms < $1::bigint)
            ORDER BY available_ms, id LIMIT $2::int FOR UPDATE SKIP LOCKED)
        UPDATE ${s}.outbox o SET lease_owner = $3, lease_until_ms = $4::bigint, attempts = o.attempts + 1
        FROM picked WHERE o.id = picked.id RETURNING o.*`,
        [ms(now), limit, workerId, ms(now) + leaseMs],
      )
      return claimed.sort(byKey((r) => [Number(r.available_ms), String(r.id)])).map(toOutbox)
    },
    async completeOutbox({ id, workerId, providerMessageId, now }) {
      const set = `state = 'done', completed_at = $4, provider_message_id = $5, lease_until_ms = NULL`
      await leased(id, workerId, now, set, [now, providerMessageId ?? null])
    },
    async failOutbox({ id, workerId, error, retryAt, now }) {
      const set = `state = CASE WHEN $4::text IS NULL THEN 'dead' ELSE state END,
        available_at = coalesce($4::text, available_at), available_ms = coalesce($5::bigint, available_ms),
        last_error = $6, lease_owner = NULL, lease_until_ms = NULL`
      await leased(id, workerId, now, set, [retryAt, instantMs(retryAt), lastErrorText(error)])
    },
    async listOutbox(query) {
      const where: string[] = []
      const params: unknown[] = []
      const add = (clause: string, value: unknown) =>
        where.push(clause.replace('?', `$${params.push(value)}`))
      if (query.shipmentId !== undefined) add('shipment_id = ?', query.shipmentId)
      if (query.state !== undefined) add('state = ?', query.state)
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const limit = Math.max(0, Math.floor(query.limit ?? 1000))
      const found = await sql(
        `SELECT * FROM ${s}.outbox ${filter} ORDER BY created_at, id LIMIT ${limit}`,
        params,
      )
      return found.map(toOutbox)
    },
    async schedulePoll(shipmentId, at) {
      const done = await sql(
        `UPDATE ${s}.shipments SET poll_at = $2, poll_at_ms = $3::bigint WHERE id = $1 RETURNING id`,
        [shipmentId, at, instantMs(at)],
      )
      if (done.length === 0) throw new WismoError('STORE_NOT_FOUND', `No shipment ${shipmentId}`)
    },
    async claimDuePolls({ workerId, limit, leaseMs, now }) {
      // The WHERE repeats the partial index `shipments_due`, so the planner can use it.
      const claimed = await sql(
        `WITH picked AS (SELECT id FROM ${s}.shipments WHERE poll_at_ms IS NOT NULL AND status NOT IN (${TERMINAL_SQL})
            AND poll_at_ms <= $1::bigint AND poll_until_ms <= $1::bigint
            ORDER BY poll_at_ms, id LIMIT $2::int FOR UPDATE SKIP LOCKED)
        UPDATE ${s}.shipments x SET poll_owner = $3, poll_until_ms = $4::bigint
        FROM picked WHERE x.id = picked.id RETURNING x.*`,
        [ms(now), limit, workerId, ms(now) + leaseMs],
      )
      return claimed.sort(byKey((r) => [Number(r.poll_at_ms), String(r.id)])).map(toShipment)
    },
    async completePoll({ shipmentId, workerId, nextPollAt }) {
      const done = await sql(
        `UPDATE ${s}.shipments SET poll_at = $3, poll_at_ms = $4::bigint, poll_owner = NULL, poll_until_ms = 0
          WHERE id = $1 AND poll_owner = $2 RETURNING id`,
        [shipmentId, workerId, nextPollAt, instantMs(nextPollAt)],
      )
      if (done.length === 0) throw pollLeaseLost(shipmentId, workerId)
    },
  }
}
