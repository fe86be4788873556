import { newId, type OutboxRowInput, WismoError } from '@wismo/core'
import {
  ABANDONED_SQL,
  attemptRefund,
  byKey,
  instantMs,
  lastErrorText,
  outboxLeaseError,
  outboxRecord,
  pollLeaseLost,
  type QueueMethods,
  TERMINAL_SQL,
} from '@wismo/core/sql'
import type { Scope } from './db.ts'
import { toOutbox, toShipment } from './rows.ts'
import { TOPIC_FILTER } from './runtime.ts'

const ms = (instant: string) => Date.parse(instant)

/**
 * The database's clock, which decides lease expiry. SQLite has no server: every process using
 * the file runs on this machine, so the machine's real clock is the database clock. The injected
 * `now` of a call decides only what is due (availability, retry and poll times).
 */
const dbNow = (): number => Date.now()

/** Insert outbox rows (inside the caller's transaction); a known idempotency key is skipped. */
export function enqueueRows({ run }: Scope, list: readonly OutboxRowInput[], now: string): string[] {
  const added: string[] = []
  for (const row of list) {
    const insert = `INSERT INTO outbox (id, idempotency_key, shipment_id, topic, payload, state, attempts,
      available_at, available_ms, created_at) VALUES (@id, @idempotency_key, @shipment_id, @topic,
      @payload, 'pending', 0, @available_at, @available_ms, @created_at)
      ON CONFLICT (idempotency_key) DO NOTHING`
    if (run(insert, outboxRecord(newId('obx'), row, now)) === 1) added.push(row.idempotencyKey)
  }
  return added
}

/** `poll_at` as text (as given) plus its ms key for ordering. */
export const pollParams = (at: string | null) => ({ poll_at: at, poll_at_ms: instantMs(at) })

/**
 * The outbox and the poll schedule. Each claim is one `UPDATE … WHERE id IN (SELECT … LIMIT n)`:
 * SQLite runs one writer at a time (across processes too), so no row is handed out twice, and a
 * lease that runs out (a crashed worker) makes the row claimable again. Leases run on
 * {@link dbNow}; availability and poll times on the caller's `now`.
 */
export function queueMethods(scope: Scope): QueueMethods {
  const { db, one, all, run } = scope
  const leased = (id: string, workerId: string, set: string, params: Record<string, unknown>) => {
    const where = `id = @id AND state = 'pending' AND lease_owner = @worker AND lease_until_ms >= @db_ms`
    if (
      run(`UPDATE outbox SET ${set} WHERE ${where}`, { ...params, id, worker: workerId, db_ms: dbNow() }) ===
      1
    )
      return
    throw outboxLeaseError(id, workerId, one('SELECT 1 FROM outbox WHERE id = ?', id) !== undefined)
  }
  // Claimable: pending, available by the caller's clock, not leased by the database's clock.
  const claimable = `state = 'pending' AND available_ms <= @now AND (lease_until_ms IS NULL OR lease_until_ms < @db_ms)
    AND ${TOPIC_FILTER}`
  const bury = (maxAttempts: number, params: Record<string, unknown>) =>
    run(
      `UPDATE outbox SET state = 'dead', last_error = ${ABANDONED_SQL}, lease_owner = NULL, lease_until_ms = NULL
      WHERE ${claimable} AND attempts >= @max`,
      { ...params, max: maxAttempts },
    )
  const claim = (workerId: string, limit: number, leaseMs: number, params: Record<string, unknown>) =>
    all(
      `UPDATE outbox SET lease_owner = @worker, lease_until_ms = @db_ms + @lease_ms, attempts = attempts + 1
      WHERE id IN (SELECT id FROM outbox WHERE ${claimable} ORDER BY available_ms, id LIMIT @limit)
      RETURNING *`,
      { ...params, worker: workerId, lease_ms: leaseMs, limit },
    )
  return {
    async enqueue(list, { now }) {
      return db.transaction(() => enqueueRows(scope, list, now)).immediate()
    },
    async claimOutbox({ workerId, limit, leaseMs, now, maxAttempts, topics }) {
      const claimed = db
        .transaction(() => {
          const params = {
            now: ms(now),
            db_ms: dbNow(),
            prefix: topics?.prefix ?? null,
            exclude: topics?.exclude ? 1 : 0,
          }
          if (maxAttempts !== undefined) bury(maxAttempts, params)
          return claim(workerId, limit, leaseMs, params)
        })
        .immediate()
      return claimed.sort(byKey((r) => [Number(r.available_ms), String(r.id)])).map(toOutbox)
    },
    async renewOutboxLease({ ids, workerId, leaseMs }) {
      if (ids.length === 0) return []
      const dbMs = dbNow()
      const renewed = all(
        `UPDATE outbox SET lease_until_ms = @db_ms + @lease_ms
        WHERE id IN (SELECT value FROM json_each(@ids)) AND state = 'pending' AND lease_owner = @worker
          AND lease_until_ms >= @db_ms RETURNING id`,
        { ids: JSON.stringify(ids), worker: workerId, lease_ms: leaseMs, db_ms: dbMs },
      )
      const got = new Set(renewed.map((r) => String(r.id)))
      return [...new Set(ids)].filter((id) => got.has(id))
    },
    async noteOutbox({ id, workerId, note }) {
      leased(id, workerId, 'last_error = @note', { note: lastErrorText(note) })
    },
    async completeOutbox({ id, workerId, providerMessageId, now }) {
      const set = `state = 'done', completed_at = @completed, provider_message_id = @message, lease_until_ms = NULL`
      leased(id, workerId, set, { completed: now, message: providerMessageId ?? null })
    },
    async failOutbox(input) {
      const { id, workerId, error, retryAt } = input
      const set = `state = iif(@retry IS NULL, 'dead', state), available_at = ifnull(@retry, available_at),
        available_ms = ifnull(@retry_ms, available_ms), last_error = @error, lease_owner = NULL, lease_until_ms = NULL,
        attempts = max(0, attempts - @refund)`
      const retry = { retry: retryAt, retry_ms: instantMs(retryAt) }
      leased(id, workerId, set, { ...retry, error: lastErrorText(error), refund: attemptRefund(input) })
    },
    async listOutbox(query) {
      const where: string[] = []
      const params: unknown[] = []
      const add = (clause: string, value: unknown) => where.push(clause) && params.push(value)
      if (query.shipmentId !== undefined) add('shipment_id = ?', query.shipmentId)
      if (query.state !== undefined) add('state = ?', query.state)
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const found = all(
        `SELECT * FROM outbox ${filter} ORDER BY created_at, id LIMIT ?`,
        ...params,
        query.limit ?? 1000,
      )
      return found.map(toOutbox)
    },
    async schedulePoll(shipmentId, at) {
      const changed = run(
        'UPDATE shipments SET poll_at = @poll_at, poll_at_ms = @poll_at_ms WHERE id = @id',
        {
          ...pollParams(at),
          id: shipmentId,
        },
      )
      if (changed === 0) throw new WismoError('STORE_NOT_FOUND', `No shipment ${shipmentId}`)
    },
    async claimDuePolls({ workerId, limit, leaseMs, now }) {
      // The WHERE repeats the partial index `shipments_due`, so the planner can use it.
      // Due by the caller's clock; the lease runs on the database's clock (`dbNow`).
      const dbMs = dbNow()
      const claimed = all(
        `UPDATE shipments SET poll_owner = @worker, poll_until_ms = @db_ms + @lease_ms
        WHERE id IN (SELECT id FROM shipments WHERE poll_at_ms IS NOT NULL AND status NOT IN (${TERMINAL_SQL})
          AND poll_at_ms <= @now AND poll_until_ms <= @db_ms ORDER BY poll_at_ms, id LIMIT @limit)
        RETURNING *`,
        { worker: workerId, lease_ms: leaseMs, db_ms: dbMs, now: ms(now), limit },
      )
      return claimed
        .sort(byKey((r) => [Number(r.poll_at_ms), String(r.id)]))
        .map((r) => ({ ...toShipment(r), pollDueAt: String(r.poll_at) }))
    },
    async completePoll({ shipmentId, workerId, nextPollAt }) {
      const changed = run(
        `UPDATE shipments SET poll_at = @poll_at, poll_at_ms = @poll_at_ms, poll_owner = NULL, poll_until_ms = 0
        WHERE id = @id AND poll_owner = @worker`,
        { ...pollParams(nextPollAt), id: shipmentId, worker: workerId },
      )
      if (changed === 0) throw pollLeaseLost(shipmentId, workerId)
    },
  }
}
