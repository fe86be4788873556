import { newId, type OutboxRowInput, WismoError } from '@wismo/core'
import {
  ABANDONED_SQL,
  attemptRefund,
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
import { topicFilter } from './runtime.ts'

const ms = (instant: string) => Date.parse(instant)

/**
 * The database server's clock in epoch ms: it decides lease expiry, so processes whose clocks
 * disagree cannot take over each other's live leases. `clock_timestamp()` is the real time
 * (`now()` is frozen at transaction start). Claims read it once per statement through a
 * one-row CTE `clock`; the caller's `now` decides only what is due.
 */
const DB_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint'
const CLOCK = `clock AS MATERIALIZED (SELECT ${DB_MS} AS ms)`

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
 * Claimable outbox rows: pending, available by the caller's clock (`$1`), not leased by the
 * database's clock (the `clock` CTE).
 */
// `$6` NULL: every topic; else topics starting with it, or (`$7` true) not starting with it.
const claimable = (alias = '') =>
  `${alias}state = 'pending' AND ${alias}available_ms <= $1::bigint
    AND (${alias}lease_until_ms IS NULL OR ${alias}lease_until_ms < (SELECT ms FROM clock))
    AND ${topicFilter('$6', '$7', alias)}`

/**
 * One claim statement: rows handed out `$5` times already are buried (`maxAttempts`; `NULL`: no
 * limit), then up to `$2` others are leased to `$3` for `$4` ms. The two sets are disjoint by
 * `attempts`, so one statement may update both.
 */
const claimSql = (s: string) => `WITH ${CLOCK},
  buried AS (UPDATE ${s}.outbox b SET state = 'dead', last_error = ${ABANDONED_SQL}, lease_owner = NULL,
      lease_until_ms = NULL WHERE ${claimable('b.')} AND $5::int IS NOT NULL AND b.attempts >= $5::int),
  picked AS (SELECT id FROM ${s}.outbox WHERE ${claimable()} AND ($5::int IS NULL OR attempts < $5::int)
      ORDER BY available_ms, id LIMIT $2::int FOR UPDATE SKIP LOCKED)
  UPDATE ${s}.outbox o SET lease_owner = $3, lease_until_ms = (SELECT ms FROM clock) + $4::bigint,
    attempts = o.attempts + 1
  FROM picked WHERE o.id = picked.id RETURNING o.*`

/**
 * The outbox and the poll schedule: claims are one `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`
 * each, so concurrent workers in any number of processes never take the same row, and a lease
 * that runs out (a crashed worker) makes the row claimable again. Leases run on the server's
 * clock ({@link DB_MS}); availability and poll times on the caller's `now`.
 */
export function queueMethods({ s, sql, tx }: Scope): QueueMethods {
  const leased = async (id: string, workerId: string, set: string, params: unknown[]) => {
    const done = await sql(
      `UPDATE ${s}.outbox SET ${set} WHERE id = $1 AND state = 'pending' AND lease_owner = $2
        AND lease_until_ms >= ${DB_MS} RETURNING id`,
      [id, workerId, ...params],
    )
    if (done.length === 1) return
    const exists = (await sql(`SELECT 1 FROM ${s}.outbox WHERE id = $1`, [id])).length > 0
    throw outboxLeaseError(id, workerId, exists)
  }
  return {
    async enqueue(list, { now }) {
      return tx((q) => enqueueRows(s, q, list, now))
    },
    async claimOutbox({ workerId, limit, leaseMs, now, maxAttempts, topics }) {
      const claimed = await sql(claimSql(s), [
        ms(now),
        limit,
        workerId,
        leaseMs,
        maxAttempts ?? null,
        topics?.prefix ?? null,
        topics?.exclude === true,
      ])
      return claimed.sort(byKey((r) => [Number(r.available_ms), String(r.id)])).map(toOutbox)
    },
    async renewOutboxLease({ ids, workerId, leaseMs }) {
      if (ids.length === 0) return []
      const renewed = await sql(
        `WITH ${CLOCK} UPDATE ${s}.outbox SET lease_until_ms = (SELECT ms FROM clock) + $3::bigint
        WHERE id IN (SELECT json_array_elements_text($1::json)) AND state = 'pending' AND lease_owner = $2
          AND lease_until_ms >= (SELECT ms FROM clock) RETURNING id`,
        [JSON.stringify(ids), workerId, leaseMs],
      )
      return inputOrder(
        ids,
        renewed.map((r) => String(r.id)),
      )
    },
    async noteOutbox({ id, workerId, note }) {
      await leased(id, workerId, 'last_error = $3', [lastErrorText(note)])
    },
    async completeOutbox({ id, workerId, providerMessageId, now }) {
      const set = `state = 'done', completed_at = $3, provider_message_id = $4, lease_until_ms = NULL`
      await leased(id, workerId, set, [now, providerMessageId ?? null])
    },
    async failOutbox(input) {
      const { id, workerId, error, retryAt } = input
      const set = `state = CASE WHEN $3::text IS NULL THEN 'dead' ELSE state END,
        available_at = coalesce($3::text, available_at), available_ms = coalesce($4::bigint, available_ms),
        last_error = $5, lease_owner = NULL, lease_until_ms = NULL, attempts = greatest(0, attempts - $6::int)`
      const values = [retryAt, instantMs(retryAt), lastErrorText(error), attemptRefund(input)]
      await leased(id, workerId, set, values)
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
      // Due by the caller's clock (`$1`); the lease runs on the server's (`clock`).
      const claimed = await sql(
        `WITH ${CLOCK}, picked AS (SELECT id FROM ${s}.shipments WHERE poll_at_ms IS NOT NULL
            AND status NOT IN (${TERMINAL_SQL}) AND poll_at_ms <= $1::bigint AND poll_until_ms <= (SELECT ms FROM clock)
            ORDER BY poll_at_ms, id LIMIT $2::int FOR UPDATE SKIP LOCKED)
        UPDATE ${s}.shipments x SET poll_owner = $3, poll_until_ms = (SELECT ms FROM clock) + $4::bigint
        FROM picked WHERE x.id = picked.id RETURNING x.*`,
        [ms(now), limit, workerId, leaseMs],
      )
      return claimed
        .sort(byKey((r) => [Number(r.poll_at_ms), String(r.id)]))
        .map((r) => ({ ...toShipment(r), pollDueAt: String(r.poll_at) }))
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
