import { type BucketMethods, bucketTake, takeFromBucket } from '@wismo/core/sql'
import type { Scope } from './db.ts'

/**
 * Token buckets (rate budgets shared by every process using the file). A take reads and writes
 * its bucket inside one `IMMEDIATE` transaction, which holds SQLite's write lock from the start,
 * so concurrent takers — other processes included — are serialised and cannot share a token.
 */
export function bucketMethods({ db, one, run }: Scope): BucketMethods {
  const take = db.transaction((request: Parameters<BucketMethods['takeTokens']>[0]) => {
    const bucket = bucketTake(request)
    const row = one('SELECT full_at_ms FROM token_buckets WHERE bucket = ?', bucket.bucket)
    const outcome = takeFromBucket(row ? Number(row.full_at_ms) : null, bucket)
    if (outcome.grant.granted)
      run(
        `INSERT INTO token_buckets (bucket, full_at_ms) VALUES (?, ?)
          ON CONFLICT (bucket) DO UPDATE SET full_at_ms = excluded.full_at_ms`,
        bucket.bucket,
        outcome.fullAtMs,
      )
    return outcome.grant
  })
  return {
    async takeTokens(request) {
      return take.immediate(request)
    },
  }
}
