import { outboxStatsOf, type RuntimeMethods, statsNowMs } from '@wismo/core/sql'
import type { Scope } from './db.ts'

/** `@prefix` NULL: every topic; else topics starting with it, or (`@exclude` 1) not starting with it. */
export const TOPIC_FILTER = `(@prefix IS NULL OR (substr(topic, 1, length(@prefix)) = @prefix) <> @exclude)`

/**
 * Both subqueries name `state = 'pending'`, so SQLite reads the partial index `outbox_claimable`
 * (pending rows only, by `available_ms`): the oldest available row is the first index entry
 * passing the filter, and done rows, however many, are never read.
 */
const STATS = `SELECT (SELECT count(*) FROM outbox WHERE state = 'pending' AND ${TOPIC_FILTER}) AS depth,
  (SELECT available_at FROM outbox WHERE state = 'pending' AND available_ms <= @now AND ${TOPIC_FILTER}
    ORDER BY available_ms, id LIMIT 1) AS oldest`

/**
 * What a worker runtime asks of the queue as a whole. Releasing is one `IMMEDIATE` transaction
 * and unconditional for the worker's own leases (no clock involved); the poll release reads the
 * partial index `shipments_poll_owner` (migration 8), not the whole shipments table.
 */
export function runtimeMethods({ db, one, run }: Scope): RuntimeMethods {
  return {
    async releaseLeases({ workerId }) {
      const release = () => ({
        outbox: run(
          `UPDATE outbox SET lease_owner = NULL, lease_until_ms = NULL
          WHERE state = 'pending' AND lease_owner = @worker`,
          { worker: workerId },
        ),
        polls: run('UPDATE shipments SET poll_owner = NULL, poll_until_ms = 0 WHERE poll_owner = @worker', {
          worker: workerId,
        }),
      })
      return db.transaction(release).immediate()
    },
    async outboxStats({ now, topics }) {
      const params = {
        now: statsNowMs(now),
        prefix: topics?.prefix ?? null,
        exclude: topics?.exclude ? 1 : 0,
      }
      const row = one(STATS, params)
      return outboxStatsOf(row?.depth ?? 0, row?.oldest ?? null, now)
    },
  }
}
