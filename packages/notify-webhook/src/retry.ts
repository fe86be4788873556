import { WismoError } from '@wismo/core'

/**
 * The retry ladder for the webhook channel, after Standard Webhooks' example schedule: each
 * entry is the wait after the previous attempt failed, the first attempt being immediate.
 * Ten attempts over about three days (3 d 7 h 35 min 5 s of waiting, before jitter).
 * @example WEBHOOK_RETRY_SCHEDULE_MS[1] // 5_000: the second attempt, 5 s after the first failed
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  0, // immediately
  5_000, // 5 s
  5 * 60_000, // 5 min
  30 * 60_000, // 30 min
  2 * 3_600_000, // 2 h
  5 * 3_600_000, // 5 h
  10 * 3_600_000, // 10 h
  14 * 3_600_000, // 14 h
  20 * 3_600_000, // 20 h
  24 * 3_600_000, // 24 h
])

/** Options of {@link nextRetryAt}. */
export interface NextRetryOptions {
  /** When the last attempt failed (default: now). */
  failedAt?: Date
  /** The receiver's `Retry-After` (the error's `retryAfterMs`): never retry sooner. */
  retryAfterMs?: number
  /** Spread each wait by ±this fraction so receivers are not hit in waves (default 0.1). */
  jitter?: number
  /** A number in [0, 1) for the jitter (default `Math.random`); inject for tests. */
  random?: () => number
}

/**
 * When to try a webhook again after `attempts` failed attempts, or `null` when the ladder is
 * spent (give up, keep the message as failed). Only for retryable errors: a refusal
 * (`NOTIFY_REQUEST_REJECTED`, e.g. 410 Gone, or `NOTIFY_AUTH_FAILED`) is final.
 * @example
 * nextRetryAt(1, { failedAt: new Date('2026-03-02T12:00:00Z'), jitter: 0 }) // 12:00:05Z
 * nextRetryAt(10) // null: ten attempts made
 */
export function nextRetryAt(attempts: number, options: NextRetryOptions = {}): Date | null {
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new WismoError('INPUT_INVALID', 'attempts must be an integer ≥ 1', { details: { attempts } })
  const wait = WEBHOOK_RETRY_SCHEDULE_MS[attempts]
  if (wait === undefined) return null
  const jitter = Math.min(Math.max(options.jitter ?? 0.1, 0), 1)
  const spread = wait * jitter * (2 * (options.random ?? Math.random)() - 1)
  const delay = Math.max(Math.round(wait + spread), options.retryAfterMs ?? 0)
  return new Date((options.failedAt ?? new Date()).getTime() + delay)
}
