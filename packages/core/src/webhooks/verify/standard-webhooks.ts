/**
 * Standard Webhooks v1 (symmetric `v1` = HMAC-SHA256), the format of Wismo's own outgoing
 * webhooks. Headers `webhook-id` (same across retries), `webhook-timestamp` (unix seconds of the
 * attempt) and `webhook-signature` (space-separated `v1,<base64>` entries, several during a
 * rotation; other versions such as `v1a` are ignored). Signed content: `${id}.${timestamp}.${body}`.
 */
import { z } from 'zod'
import { boundedCache } from '../../util/bounded-cache.ts'
import {
  assertFresh,
  configInvalid,
  invalidSignature,
  parseOptions,
  parseTimestamp,
  requireHeader,
  requireSecrets,
  requireSingleHeader,
  signingTime,
  TOLERANCE_SEC_DEFAULT,
  ToleranceSchema,
} from './checks.ts'
import { concatBytes, fromBase64, readBytes, toBase64, toBytes } from './encoding.ts'
import { hmacBytes } from './hmac.ts'
import { matchSecret } from './match.ts'
import type { BytesLike, WebhookVerifier } from './types.ts'

const SECRET_PREFIX = 'whsec_'
const HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const
const MessageIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^.\s,]+$/, 'must not contain ".", "," or spaces')

const OptionsSchema = z.object({ toleranceSec: ToleranceSchema.default(TOLERANCE_SEC_DEFAULT) }).strict()

/**
 * Options of {@link standardWebhooksVerifier}.
 * @example const opts: StandardWebhooksOptions = { toleranceSec: 120 }
 */
export type StandardWebhooksOptions = z.input<typeof OptionsSchema>

/**
 * A verifier for Standard Webhooks. The signature is checked first, then the timestamp: a forged
 * request is `WEBHOOK_INVALID_SIGNATURE`, an authentic one outside ±`toleranceSec` (default 300)
 * is `WEBHOOK_STALE`. Secrets are `whsec_<base64>` (the prefix is optional); the result carries
 * `messageId` (`webhook-id`) for a {@link ReplayGuard} and the signed `timestamp`. A repeated
 * `webhook-signature` header (joined as `v1,a, v1,b`) is one list: any matching entry verifies.
 * @example
 * const verify = standardWebhooksVerifier({ toleranceSec: 300 })
 * const { messageId, timestamp } = await verify(req, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'])
 */
export function standardWebhooksVerifier(options: StandardWebhooksOptions = {}): WebhookVerifier {
  const { toleranceSec } = parseOptions(OptionsSchema, options, 'standardWebhooksVerifier options')
  return async (req, secrets, now = new Date()) => {
    const keys = requireSecrets(secrets).map(secretKey)
    const { id, timestamp, signatures } = readHeaders(req.headers)
    const content = signedContent(id, timestamp, req.body)
    const secretIndex = await matchSecret(keys, (key) => hmacBytes(key, content, 'SHA-256'), signatures)
    assertFresh(timestamp, now, toleranceSec)
    return { messageId: id, timestamp, secretIndex }
  }
}

/** The three headers; repeated identical copies of `webhook-id` / `webhook-timestamp` are one value. */
function readHeaders(headers: Headers): { id: string; timestamp: number; signatures: Uint8Array[] } {
  const id = requireSingleHeader(headers, HEADERS.id)
  if (!MessageIdSchema.safeParse(id).success) throw invalidSignature(`header "${HEADERS.id}" is malformed`)
  const timestamp = parseTimestamp(requireSingleHeader(headers, HEADERS.timestamp), HEADERS.timestamp)
  const signatures = v1Signatures(requireHeader(headers, HEADERS.signature))
  if (signatures.length === 0) throw invalidSignature(`header "${HEADERS.signature}" has no v1 signature`)
  return { id, timestamp, signatures }
}

/**
 * Decoded `v1` entries; other versions and undecodable entries are skipped, as the spec asks.
 * A repeated header arrives joined with `, ` (`v1,a, v1,b`): the comma ending an entry is the
 * join, never part of the base64, so it is dropped.
 */
function v1Signatures(value: string): Uint8Array[] {
  const out: Uint8Array[] = []
  for (const listed of value.split(/\s+/)) {
    const entry = listed.replace(/,+$/, '')
    const comma = entry.indexOf(',')
    if (comma === -1 || entry.slice(0, comma) !== 'v1') continue
    const mac = fromBase64(entry.slice(comma + 1))
    if (mac !== null && mac.length > 0) out.push(mac)
  }
  return out
}

function signedContent(id: string, timestamp: number, body: BytesLike): Uint8Array {
  return concatBytes(toBytes(`${id}.${timestamp}.`), readBytes(body))
}

/**
 * Decoded secrets by their text: a route verifies with the same one or two on every request.
 * The bytes are shared and only read (hashed). Bounded like the other per-key caches.
 */
const decodedSecrets = boundedCache<Uint8Array | null>(256)

/** The HMAC key of a `whsec_<base64>` secret; `CONFIG_INVALID` when it does not decode. */
function secretKey(secret: string, index: number): Uint8Array {
  const key = decodedSecrets.get(secret, () =>
    fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret),
  )
  if (key === null || key.length === 0) throw configInvalid(`webhook secret #${index} is not whsec_<base64>`)
  return key
}

/**
 * The three headers of a signed Standard Webhooks message; a plain object, so it spreads into
 * `fetch` headers or `new Headers()`.
 * @example const headers: StandardWebhookHeaders = await signStandardWebhook({ secret, id, body })
 */
export type StandardWebhookHeaders = Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>

const SignInputSchema = z.object({
  secret: z.string().min(1),
  id: MessageIdSchema,
  body: z.union([z.string(), z.instanceof(Uint8Array)]),
})

/**
 * Input of {@link signStandardWebhook}.
 * @example const input: SignStandardWebhookInput = { secret, id: 'msg_1', timestamp: new Date(), body }
 */
export interface SignStandardWebhookInput {
  /** `whsec_<base64>`. */
  secret: string
  /** Unique per event, the same across retries; no `.`. */
  id: string
  /** Unix seconds (or a Date) of this attempt; defaults to now. */
  timestamp?: number | Date
  /** The exact bytes that will be sent. */
  body: BytesLike
}

/**
 * Sign an outgoing message; returns the headers to send with `body`.
 * @example
 * const headers = await signStandardWebhook({ secret, id: 'msg_1', body: JSON.stringify(event) })
 * await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
 */
export async function signStandardWebhook(input: SignStandardWebhookInput): Promise<StandardWebhookHeaders> {
  const { secret, id, body } = parseOptions(SignInputSchema, input, 'signStandardWebhook', 'INPUT_INVALID')
  const seconds = signingTime(input.timestamp)
  const mac = await hmacBytes(secretKey(secret, 0), signedContent(id, seconds, body), 'SHA-256')
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': `v1,${toBase64(mac)}`,
  }
}

/**
 * A fresh random secret (32 bytes) in `whsec_<base64>` form, for a new webhook endpoint.
 * @example const secret = generateStandardWebhookSecret() // 'whsec_…'
 */
export function generateStandardWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(globalThis.crypto.getRandomValues(new Uint8Array(32)))
}
