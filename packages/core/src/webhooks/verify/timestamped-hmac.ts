/**
 * The `t=<unix>,v1=<hex>` scheme (Stripe style): one header carries the send time and one or more
 * hex HMACs of `${t}.${body}`. Generic on purpose: Shippo documents an IP allowlist or a `?token=`
 * URL by default (see {@link staticTokenVerifier}) and HMAC only on request; the
 * `Shippo-Auth-Signature: t=…,v1=…` form is known from community code, not from Shippo's docs.
 */
import { z } from 'zod'
import {
  assertFresh,
  HeaderNameSchema,
  invalidSignature,
  parseOptions,
  parseTimestamp,
  requireHeader,
  requireSecrets,
  signingTime,
  TOLERANCE_SEC_DEFAULT,
  ToleranceSchema,
} from './checks.ts'
import { concatBytes, fromHex, toBytes } from './encoding.ts'
import { hmacBytes, hmacSignature } from './hmac.ts'
import { matchSecret } from './match.ts'
import type { BytesLike, HmacAlgorithm, WebhookVerifier } from './types.ts'

const AlgorithmSchema = z.enum(['SHA-256', 'SHA-1', 'SHA-512']).default('SHA-256')
const OptionsSchema = z
  .object({
    header: HeaderNameSchema,
    toleranceSec: ToleranceSchema.default(TOLERANCE_SEC_DEFAULT),
    algorithm: AlgorithmSchema,
  })
  .strict()

/**
 * Options of {@link timestampedHmacVerifier}.
 * @example const opts: TimestampedHmacOptions = { header: 'x-signature', toleranceSec: 300 }
 */
export type TimestampedHmacOptions = z.input<typeof OptionsSchema>

/**
 * A verifier for `t=<unix>,v1=<hex>[,v1=<hex>…]` headers. Signature first, then time: a forgery is
 * `WEBHOOK_INVALID_SIGNATURE`, an authentic request outside ±`toleranceSec` is `WEBHOOK_STALE`.
 * @example
 * const verify = timestampedHmacVerifier({ header: 'shippo-auth-signature', toleranceSec: 300 })
 * const { timestamp } = await verify(req, [secret])
 */
export function timestampedHmacVerifier(options: TimestampedHmacOptions): WebhookVerifier {
  const opts = parseOptions(OptionsSchema, options, 'timestampedHmacVerifier options')
  return async (req, secrets, now = new Date()) => {
    requireSecrets(secrets)
    const { timestamp, signatures } = parseHeader(requireHeader(req.headers, opts.header), opts.header)
    const content = concatBytes(toBytes(`${timestamp}.`), req.body)
    const secretIndex = await matchSecret(secrets, (s) => hmacBytes(s, content, opts.algorithm), signatures)
    assertFresh(timestamp, now, opts.toleranceSec)
    return { timestamp, secretIndex }
  }
}

function parseHeader(value: string, header: string): { timestamp: number; signatures: Uint8Array[] } {
  const times: string[] = []
  const signatures: Uint8Array[] = []
  for (const part of value.split(',')) {
    const [key, ...rest] = part.trim().split('=')
    const text = rest.join('=')
    if (key === 't') times.push(text)
    const mac = key === 'v1' ? fromHex(text) : null
    if (mac !== null && mac.length > 0) signatures.push(mac)
  }
  const [t] = times
  if (t === undefined || times.length > 1) throw invalidSignature(`header "${header}" needs exactly one t=`)
  if (signatures.length === 0) throw invalidSignature(`header "${header}" has no hex v1= signature`)
  return { timestamp: parseTimestamp(t, header), signatures }
}

/**
 * Input of {@link signTimestampedHmac}.
 * @example const input: SignTimestampedHmacInput = { secret, body, timestamp: 1700000000 }
 */
export interface SignTimestampedHmacInput {
  secret: string
  body: BytesLike
  /** Unix seconds or a Date; defaults to now. */
  timestamp?: number | Date
  algorithm?: HmacAlgorithm
}

/**
 * The `t=<unix>,v1=<hex>` header value for `body`; for the sandbox carrier and tests.
 * @example
 * headers.set('shippo-auth-signature', await signTimestampedHmac({ secret, body, timestamp: 1700000000 }))
 */
export async function signTimestampedHmac(input: SignTimestampedHmacInput): Promise<string> {
  const { secret, algorithm = 'SHA-256' } = input
  const t = signingTime(input.timestamp)
  const body = concatBytes(toBytes(`${t}.`), toBytes(input.body))
  return `t=${t},v1=${await hmacSignature({ secret, body, algorithm, encoding: 'hex' })}`
}
