/**
 * The `t=<unix>,v1=<hex>` scheme (Stripe style): one header carries the send time and one or more
 * hex HMACs of `${t}.${body}`. Generic on purpose: Shippo documents an IP allowlist or a `?token=`
 * URL by default (see {@link staticTokenVerifier}) and HMAC only on request; the
 * `Shippo-Auth-Signature: t=…,v1=…` form is known from community code, not from Shippo's docs.
 */
import { z } from 'zod'
import { isWismoError } from '../../errors.ts'
import {
  assertFresh,
  HeaderNameSchema,
  invalidSignature,
  listEntries,
  parseOptions,
  requireHeader,
  requireSecrets,
  signingTime,
  TOLERANCE_SEC_DEFAULT,
  ToleranceSchema,
  timestampOf,
  unixSeconds,
} from './checks.ts'
import { concatBytes, fromHex, readBytes, toBytes } from './encoding.ts'
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
 * A header sent twice arrives joined (`t=…,v1=…, t=…,v1=…`): each `t=` opens a new set, and the
 * request is authentic when any set's signature matches.
 * @example
 * const verify = timestampedHmacVerifier({ header: 'shippo-auth-signature', toleranceSec: 300 })
 * const { timestamp } = await verify(req, [secret])
 */
export function timestampedHmacVerifier(options: TimestampedHmacOptions): WebhookVerifier {
  const opts = parseOptions(OptionsSchema, options, 'timestampedHmacVerifier options')
  return async (req, secrets, now = new Date()) => {
    requireSecrets(secrets)
    const sets = parseHeader(requireHeader(req.headers, opts.header), opts.header)
    const authentic: Authentic[] = []
    for (const { timestamp, signatures } of sets) {
      const content = concatBytes(toBytes(`${timestamp}.`), req.body)
      const macFor = (s: string) => hmacBytes(s, content, opts.algorithm)
      const secretIndex = await matchSecret(secrets, macFor, signatures).catch(noMatch)
      if (secretIndex !== null) authentic.push({ timestamp, secretIndex })
    }
    return freshest(authentic, now, opts.toleranceSec)
  }
}

type Authentic = { timestamp: number; secretIndex: number }

/** `null` for "no signature in this set matched"; any other failure is not ours to hide. */
function noMatch(e: unknown): null {
  if (isWismoError(e, 'WEBHOOK_INVALID_SIGNATURE')) return null
  throw e
}

/** A set inside the tolerance if any; else `WEBHOOK_STALE` (or invalid when none was authentic). */
function freshest(authentic: readonly Authentic[], now: Date, toleranceSec: number): Authentic {
  const nowSec = unixSeconds(now)
  const chosen = authentic.find((a) => Math.abs(a.timestamp - nowSec) <= toleranceSec) ?? authentic[0]
  if (chosen === undefined) throw invalidSignature('it matches no active secret')
  assertFresh(chosen.timestamp, now, toleranceSec)
  return chosen
}

interface SignatureSet {
  timestamp: number
  signatures: Uint8Array[]
}

/**
 * The header's signature sets: each `t=` with the `v1=` entries around it, up to the next `t=`.
 * Sets without a readable `t=` or hex `v1=` are skipped; none left is `WEBHOOK_INVALID_SIGNATURE`.
 */
function parseHeader(value: string, header: string): SignatureSet[] {
  const groups: { t?: string; signatures: Uint8Array[] }[] = [{ signatures: [] }]
  for (const entry of listEntries(value)) {
    const [key, ...rest] = entry.split('=')
    const text = rest.join('=')
    if (key === 't' && (groups.at(-1) as (typeof groups)[number]).t !== undefined)
      groups.push({ signatures: [] })
    const group = groups.at(-1) as (typeof groups)[number]
    if (key === 't') group.t = text
    const mac = key === 'v1' ? fromHex(text) : null
    if (mac !== null && mac.length > 0) group.signatures.push(mac)
  }
  const sets = groups.flatMap(({ t, signatures }) => {
    const timestamp = t === undefined ? null : timestampOf(t)
    return timestamp === null || signatures.length === 0 ? [] : [{ timestamp, signatures }]
  })
  if (sets.length === 0) throw invalidSignature(`header "${header}" has no t= with a hex v1= signature`)
  return sets
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
  const body = concatBytes(toBytes(`${t}.`), readBytes(input.body))
  return `t=${t},v1=${await hmacSignature({ secret, body, algorithm, encoding: 'hex' })}`
}
