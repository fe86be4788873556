import { outboxStatsOf, type RuntimeMethods, statsNowMs } from '@wismo/core/sql'
import type { Scope } from './db.ts'

/**
 * The `topics` filter of claims and stats over placeholders `prefix` (NULL: every topic) and
 * `exclude` (true: topics not starting with `prefix`).
 */
export const topicFilter = (prefix: string, exclude: string, alias = ''): string =>
  `(${prefix}::text IS NULL OR (left(${alias}topic, length(${prefix}::text)) = ${prefix}::text) <> ${exclude}::boolean)`

/**
 * Both subqueries name `state = 'pending'`, so PostgreSQL can read the partial index
 * `outbox_claimable` (pending rows only, by `available_ms`): the oldest available row is the
 * first index entry passing the filter, and done rows, however many, are never read.
 */
const statsSql = (s: string) => `SELECT
  (SELECT count(*) FROM ${s}.outbox WHERE state = 'pending' AND ${topicFilter('$2', '$3')}) AS depth,
  (SELECT available_at FROM ${s}.outbox WHERE state = 'pending' AND available_ms <= $1::bigint
    AND ${topicFilter('$2', '$3')} ORDER BY available_ms, id LIMIT 1) AS oldest`

/**
 * One statement gives back both kinds of lease, so a release is all or nothing. The poll half
 * reads the partial index `shipments_poll_owner` (migration 8), not the whole shipments table.
 */
const releaseSql = (s: string) => `WITH
  o AS (UPDATE ${s}.outbox SET lease_owner = NULL, lease_until_ms = NULL
    WHERE state = 'pending' AND lease_owner = $1 RETURNING 1),
  p AS (UPDATE ${s}.shipments SET poll_owner = NULL, poll_until_ms = 0 WHERE poll_owner = $1 RETURNING 1)
  SELECT (SELECT count(*) FROM o) AS outbox, (SELECT count(*) FROM p) AS polls`

/**
 * What a worker runtime asks of the queue as a whole. Releasing is unconditional for the
 * worker's own leases: no clock decides it.
 */
export function runtimeMethods({ s, sql }: Scope): RuntimeMethods {
  return {
    async releaseLeases({ workerId }) {
      const [row] = await sql(releaseSql(s), [workerId])
      return { outbox: Number(row?.outbox ?? 0), polls: Number(row?.polls ?? 0) }
    },
    async outboxStats({ now, topics }) {
      const params = [statsNowMs(now), topics?.prefix ?? null, topics?.exclude === true]
      const [row] = await sql(statsSql(s), params)
      return outboxStatsOf(row?.depth ?? 0, row?.oldest ?? null, now)
    },
  }
}
