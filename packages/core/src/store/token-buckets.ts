import { WismoError } from '../errors.ts'
import type { TokenGrant, TokenRequest, WismoStore } from './contract.ts'

/**
 * A token request in numbers. The bucket is kept as one instant, `fullAtMs`: when it would be
 * full again (the "theoretical arrival time" of GCRA, equivalent to a token bucket). A token is
 * there while `fullAtMs - now <= slackMs`, the time `capacity - 1` tokens take to come back;
 * taking one moves `fullAtMs` on by `intervalMs`, the time one token takes.
 */
export interface BucketTake {
  bucket: string
  nowMs: number
  intervalMs: number
  slackMs: number
}

/** Where one take leaves a bucket, and the answer. */
export interface BucketOutcome {
  fullAtMs: number
  grant: TokenGrant
}

/**
 * Check a {@link TokenRequest} (`INPUT_INVALID` listing what is wrong) and put it in numbers.
 * @example bucketTake({ bucket: 'b', capacity: 3, refillPerMs: 0.01, now }) // { intervalMs: 100, slackMs: 200, … }
 */
export function bucketTake(request: TokenRequest): BucketTake {
  const { bucket, capacity, refillPerMs, now } = request
  const nowMs = Date.parse(now)
  const problems = [
    typeof bucket === 'string' && bucket.length > 0 && bucket.length <= 200
      ? null
      : 'bucket: 1 to 200 characters',
    Number.isFinite(capacity) && capacity >= 1 ? null : 'capacity: a number of at least 1',
    Number.isFinite(refillPerMs) && refillPerMs > 0 ? null : 'refillPerMs: a positive number',
    Number.isNaN(nowMs) ? 'now: an ISO instant' : null,
  ].filter((p) => p !== null)
  if (problems.length)
    throw new WismoError('INPUT_INVALID', `takeTokens: ${problems.join('; ')}`, { details: { problems } })
  const intervalMs = 1 / refillPerMs
  return { bucket, nowMs, intervalMs, slackMs: (capacity - 1) * intervalMs }
}

/**
 * One take from a bucket whose state is `fullAtMs` (`null`: never named, so full). Pure: the
 * memory and SQLite stores call it inside their atomic section; PostgreSQL runs the same
 * arithmetic in one `INSERT … ON CONFLICT DO UPDATE`.
 * @example takeFromBucket(null, take) // { fullAtMs: take.nowMs + take.intervalMs, grant: { granted: true, retryAfterMs: 0 } }
 */
export function takeFromBucket(fullAtMs: number | null, take: BucketTake): BucketOutcome {
  const from = Math.max(fullAtMs ?? take.nowMs, take.nowMs)
  if (from - take.nowMs <= take.slackMs)
    return { fullAtMs: from + take.intervalMs, grant: { granted: true, retryAfterMs: 0 } }
  return { fullAtMs: from, grant: refusal(from, take) }
}

/** The answer for a bucket without a token: wait until `fullAtMs - slackMs`, at least 1 ms. */
export function refusal(fullAtMs: number, take: BucketTake): TokenGrant {
  return { granted: false, retryAfterMs: Math.max(1, Math.ceil(fullAtMs - take.slackMs - take.nowMs)) }
}

/**
 * Token buckets kept in this process's memory: what a carrier uses until a Wismo instance lends
 * it the store's, and what the memory store holds. Each call runs without awaiting, so it is atomic.
 * @example const buckets = memoryTokenBuckets(); await buckets.takeTokens({ bucket: 'b', capacity: 1, refillPerMs: 0.001, now })
 */
export function memoryTokenBuckets(): Pick<WismoStore, 'takeTokens'> {
  const state = new Map<string, number>()
  return {
    async takeTokens(request) {
      const take = bucketTake(request)
      const outcome = takeFromBucket(state.get(take.bucket) ?? null, take)
      state.set(take.bucket, outcome.fullAtMs)
      return outcome.grant
    },
  }
}
