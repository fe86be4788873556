/**
 * AfterShip answers a 429 with `X-RateLimit-Reset` (the unix time the window resets), not
 * `Retry-After`. Core's HTTP client reads `Retry-After` only, so this fetch wrapper derives one
 * from the reset time; the client then retries at the right moment or fails with
 * `CARRIER_RATE_LIMITED` and `retryAfterMs`.
 */

/**
 * Seconds until `reset` (unix seconds, or milliseconds when that large), at least 1; `null`
 * when unreadable. Not capped: the HTTP client decides what is worth waiting for in-process.
 * @example retryAfterSeconds('1700000002', 1_700_000_000_500) // 2
 */
export function retryAfterSeconds(reset: string | null, now: number): number | null {
  if (!reset || !/^\d+(\.\d+)?$/.test(reset.trim())) return null
  const value = Number(reset)
  const atMs = value > 1e12 ? value : value * 1000
  return Math.max(1, Math.ceil((atMs - now) / 1000))
}

/**
 * A `fetch` that adds `Retry-After` to 429 answers carrying `X-RateLimit-Reset` only.
 * `base` is looked up on every call, so a test's fetch interceptor installed later still applies.
 */
export function rateLimitAwareFetch(base: () => typeof fetch = () => globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await base()(input, init)
    if (response.status !== 429 || response.headers.has('retry-after')) return response
    const seconds = retryAfterSeconds(response.headers.get('x-ratelimit-reset'), Date.now())
    if (seconds === null) return response
    const headers = new Headers(response.headers)
    headers.set('retry-after', String(seconds))
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}
