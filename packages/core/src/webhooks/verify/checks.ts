/**
 * Checks and errors shared by the verifiers. Messages name headers and reasons only: never a
 * secret, an expected signature, or the presented value.
 */
import { z } from 'zod'
import { WismoError } from '../../errors.ts'

/**
 * An HTTP header name (RFC 9110 token); `Headers` throws a TypeError on anything else.
 * @example z.object({ header: HeaderNameSchema })
 */
export const HeaderNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name')

/**
 * Clock tolerance in seconds.
 * @example z.object({ toleranceSec: ToleranceSchema.default(TOLERANCE_SEC_DEFAULT) })
 */
export const ToleranceSchema = z
  .number()
  .int()
  .nonnegative()
  .max(7 * 24 * 3600)

/**
 * A `WEBHOOK_INVALID_SIGNATURE` error with a non-secret reason.
 * @example throw invalidSignature('expected prefix "hmac-sha256-hex="')
 */
export function invalidSignature(reason: string, details?: Record<string, unknown>): WismoError {
  return new WismoError('WEBHOOK_INVALID_SIGNATURE', `Webhook signature rejected: ${reason}`, { details })
}

/**
 * A `CONFIG_INVALID` error about webhook verification settings.
 * @example throw configInvalid('no webhook secret configured')
 */
export function configInvalid(reason: string): WismoError {
  return new WismoError('CONFIG_INVALID', `Webhook verification misconfigured: ${reason}`)
}

/**
 * Parse `options` with `schema`, reporting every problem at once (`CONFIG_INVALID` unless told).
 * Issue messages come from the schema, never from the values, so secrets are not echoed.
 * @example const opts = parseOptions(OptionsSchema, options, 'myVerifier options')
 */
export function parseOptions<T extends z.ZodType>(
  schema: T,
  options: unknown,
  name: string,
  code: 'CONFIG_INVALID' | 'INPUT_INVALID' = 'CONFIG_INVALID',
): z.output<T> {
  const result = schema.safeParse(options)
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
  throw new WismoError(code, `${name}: ${problems.join('; ')}`)
}

/**
 * The active secrets, or `CONFIG_INVALID` when there are none or one is empty.
 * @example requireSecrets(secrets).map(decodeKey)
 */
export function requireSecrets(secrets: readonly string[]): readonly string[] {
  if (!Array.isArray(secrets) || secrets.length === 0) throw configInvalid('no webhook secret configured')
  const bad = secrets.findIndex((s) => typeof s !== 'string' || s.length === 0)
  if (bad !== -1) throw configInvalid(`webhook secret #${bad} is empty`)
  return secrets
}

/**
 * A header's value, or `WEBHOOK_INVALID_SIGNATURE` when it is absent or blank.
 * @example const sig = requireHeader(req.headers, 'webhook-signature')
 */
export function requireHeader(headers: Headers, name: string): string {
  const value = headers.get(name)?.trim()
  if (!value) throw invalidSignature(`header "${name}" is missing`, { header: name })
  return value
}

/**
 * The entries of a header that may be sent more than once. HTTP joins repeated fields into one
 * comma-separated value (Node and fetch `Headers` write `a, b`), so a proxy or a sender that
 * repeats a signature header must not turn two valid copies into one unreadable value.
 * Only for values that cannot contain a comma themselves (hex, base64, digits, tokens).
 * @example listEntries('hmac-sha256-hex=ab01, hmac-sha256-hex=cd02') // ['hmac-sha256-hex=ab01', 'hmac-sha256-hex=cd02']
 */
export function listEntries(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}

/**
 * A header that carries one value, tolerating identical repeated copies (`msg_1, msg_1`);
 * `WEBHOOK_INVALID_SIGNATURE` when it is absent or the copies differ. For comma-free values only.
 * @example const id = requireSingleHeader(req.headers, 'webhook-id')
 */
export function requireSingleHeader(headers: Headers, name: string): string {
  const [first, ...rest] = listEntries(requireHeader(headers, name))
  if (first === undefined) throw invalidSignature(`header "${name}" is missing`, { header: name })
  if (rest.some((entry) => entry !== first))
    throw invalidSignature(`header "${name}" is repeated with different values`, { header: name })
  return first
}

/**
 * Unix seconds of `now`, or `CONFIG_INVALID` for an invalid date.
 * @example unixSeconds(new Date(1_700_000_000_000)) // 1700000000
 */
export function unixSeconds(now: Date): number {
  const ms = now instanceof Date ? now.getTime() : Number.NaN
  if (!Number.isFinite(ms)) throw configInvalid('`now` is not a valid Date')
  return Math.floor(ms / 1000)
}

/**
 * Unix seconds for signing: a Date, a non-negative integer, or now; `INPUT_INVALID` otherwise.
 * @example signingTime(undefined) // now
 */
export function signingTime(timestamp: number | Date | undefined): number {
  if (timestamp === undefined) return unixSeconds(new Date())
  if (timestamp instanceof Date && Number.isFinite(timestamp.getTime())) return unixSeconds(timestamp)
  if (typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0) return timestamp
  throw new WismoError('INPUT_INVALID', 'Signing timestamp must be a valid Date or non-negative unix seconds')
}

const DIGITS = /^\d{1,15}$/

/**
 * A unix-seconds timestamp written as digits, or `WEBHOOK_INVALID_SIGNATURE`.
 * @example parseTimestamp('1614265330', 'webhook-timestamp') // 1614265330
 */
export function parseTimestamp(text: string, header: string): number {
  const timestamp = timestampOf(text)
  if (timestamp === null) throw invalidSignature(`header "${header}" has no valid timestamp`, { header })
  return timestamp
}

/**
 * Unix seconds written as digits, or `null`.
 * @example timestampOf('1614265330') // 1614265330
 */
export function timestampOf(text: string): number | null {
  return DIGITS.test(text) ? Number(text) : null
}

/**
 * Throw `WEBHOOK_STALE` when `timestamp` is more than `toleranceSec` from `now`, either way.
 * @example assertFresh(result.timestamp, new Date(), 300)
 */
export function assertFresh(timestamp: number, now: Date, toleranceSec: number): void {
  const skew = timestamp - unixSeconds(now)
  if (Math.abs(skew) <= toleranceSec) return
  const direction = skew < 0 ? 'too old' : 'in the future'
  throw new WismoError('WEBHOOK_STALE', `Webhook timestamp is ${direction} (tolerance ${toleranceSec}s)`, {
    details: { timestamp, skewSec: skew, toleranceSec },
  })
}

/**
 * Default clock tolerance: ±5 min, what every Standard Webhooks reference library uses.
 * @example standardWebhooksVerifier({ toleranceSec: TOLERANCE_SEC_DEFAULT })
 */
export const TOLERANCE_SEC_DEFAULT = 300
