import { type BucketMethods, bucketTake, refusal } from '@wismo/core/sql'
import type { Scope } from './db.ts'

/**
 * One take in one statement (`$1` bucket, `$2` now in ms, `$3` ms per token, `$4` slack): the
 * arithmetic of `takeFromBucket` in SQL. `ON CONFLICT DO UPDATE` locks the bucket's row, so
 * concurrent takers in any number of processes queue on it and each sees the one before it:
 * two of them cannot both get the last token. A new bucket starts full, less the token taken.
 */
const takeSql = (s: string) => `INSERT INTO ${s}.token_buckets AS b (bucket, full_at_ms, last_granted)
  VALUES ($1, $2::float8 + $3::float8, true)
  ON CONFLICT (bucket) DO UPDATE SET
    last_granted = greatest(b.full_at_ms, $2::float8) - $2::float8 <= $4::float8,
    full_at_ms = CASE WHEN greatest(b.full_at_ms, $2::float8) - $2::float8 <= $4::float8
      THEN greatest(b.full_at_ms, $2::float8) + $3::float8 ELSE b.full_at_ms END
  RETURNING last_granted, full_at_ms`

/** Token buckets: rate budgets shared by every process on the database. */
export function bucketMethods({ s, sql }: Scope): BucketMethods {
  return {
    async takeTokens(request) {
      const take = bucketTake(request)
      const [row] = await sql(takeSql(s), [take.bucket, take.nowMs, take.intervalMs, take.slackMs])
      if (row?.last_granted === true) return { granted: true, retryAfterMs: 0 }
      return refusal(Number(row?.full_at_ms), take)
    },
  }
}
