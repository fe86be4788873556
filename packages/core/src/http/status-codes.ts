import type { WismoErrorCode } from '../errors.ts'

type Area = 'CARRIER' | 'NOTIFY'

/** How an HTTP failure maps to a code; unlisted 4xx are rejections, unlisted 5xx unavailability. */
export function codeForStatus(area: Area, status: number): WismoErrorCode {
  if (status === 401 || status === 403) return `${area}_AUTH_FAILED`
  if (status === 404) return `${area}_NOT_FOUND`
  if (status === 408) return `${area}_TIMEOUT`
  if (status === 429) return `${area}_RATE_LIMITED`
  if (status >= 500) return `${area}_UNAVAILABLE`
  return `${area}_REQUEST_REJECTED`
}

/** 408, 429 and 5xx may succeed later; other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/**
 * `X-RateLimit-Reset` as milliseconds to wait (at least 1 s), for APIs that answer a 429 with it
 * instead of `Retry-After` (SendGrid, AfterShip): a unix time in seconds or milliseconds, or a
 * number of seconds to wait when too small to be a time; `undefined` when absent or unreadable.
 * @example parseRateLimitReset('1700000002', 1_700_000_000_500) // 2000
 */
export function parseRateLimitReset(value: string | null, now = Date.now()): number | undefined {
  const trimmed = value?.trim() ?? ''
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined
  const n = Number(trimmed)
  const atMs = n >= 1e12 ? n : n >= 1e9 ? n * 1000 : now + n * 1000
  return Math.max(1000, Math.ceil((atMs - now) / 1000) * 1000)
}
