/**
 * Static shared credentials, for providers that sign nothing: UPS Track Alert echoes the
 * `credential` given at subscription in a `credential` header; Shippo's default protection is a
 * `?token=` in the webhook URL. Weaker than an HMAC (the body is not covered, replays are not
 * detected): serve these endpoints over HTTPS only.
 */
import { z } from 'zod'
import {
  HeaderNameSchema,
  invalidSignature,
  listEntries,
  parseOptions,
  requireHeader,
  requireSecrets,
} from './checks.ts'
import { fromBase64, toBytes } from './encoding.ts'
import { matchSecret } from './match.ts'
import type { RawWebhookRequest, WebhookVerifier } from './types.ts'

const OptionsSchema = z
  .object({
    header: HeaderNameSchema.optional(),
    query: z.string().min(1).optional(),
    scheme: z.enum(['bearer', 'basic', 'plain']).default('plain'),
  })
  .strict()
  .refine((o) => (o.header === undefined) !== (o.query === undefined), 'give exactly one of header or query')
  .refine((o) => o.header !== undefined || o.scheme === 'plain', 'scheme applies to a header only')

/**
 * Options of {@link staticTokenVerifier}: exactly one of `header` / `query`. With `basic`, each
 * secret is `user:password`.
 * @example const opts: StaticTokenOptions = { header: 'authorization', scheme: 'bearer' }
 */
export type StaticTokenOptions = z.input<typeof OptionsSchema>
type Parsed = z.output<typeof OptionsSchema>

/**
 * Where known providers put their static credential, as data.
 * @example const verify = staticTokenVerifier(STATIC_TOKEN_PRESETS.upsTrackAlert)
 */
export const STATIC_TOKEN_PRESETS = {
  upsTrackAlert: { header: 'credential', scheme: 'plain' },
  shippoUrlToken: { query: 'token' },
} as const satisfies Record<string, StaticTokenOptions>

/**
 * A verifier for a static credential in a header (`plain`, `Bearer <token>` or
 * `Basic base64(user:password)`) or in a URL query parameter. Both sides are hashed with SHA-256
 * and compared in constant time, so neither content nor length leaks through timing. A header or
 * parameter sent more than once passes when any copy matches.
 * @example
 * const verify = staticTokenVerifier({ header: 'authorization', scheme: 'bearer' })
 * await verify(req, [process.env.SHIP24_WEBHOOK_SECRET!])
 */
export function staticTokenVerifier(options: StaticTokenOptions): WebhookVerifier {
  const opts = parseOptions(OptionsSchema, options, 'staticTokenVerifier options')
  return async (req, secrets) => {
    requireSecrets(secrets)
    const presented = await Promise.all(presentedCredentials(req, opts).map(sha256))
    return { secretIndex: await matchSecret(secrets, (s) => sha256(toBytes(s)), presented) }
  }
}

/**
 * Every credential the request presents. A repeated header arrives joined with `, `, and a
 * repeated query parameter twice: each copy is a candidate. The whole header value is a
 * candidate too, so a plain token that itself contains a comma still matches.
 */
function presentedCredentials(req: RawWebhookRequest, opts: Parsed): Uint8Array[] {
  if (opts.query !== undefined) return queryValues(req.url, opts.query).map((v) => toBytes(v))
  const value = requireHeader(req.headers, opts.header ?? '')
  const copies = [...new Set([value, ...listEntries(value)])]
  const { scheme } = opts
  if (scheme === 'plain') return copies.map((v) => toBytes(v))
  const credentials = copies.flatMap((copy) => schemeCredential(copy, scheme) ?? [])
  if (credentials.length === 0)
    throw invalidSignature(`header "${opts.header}" is not a valid ${scheme} credential`)
  return credentials
}

/** The credential of `Bearer <token>` / `Basic <base64>`, or `null` when `value` is not one. */
function schemeCredential(value: string, scheme: 'bearer' | 'basic'): Uint8Array | null {
  const match = /^(\S+)\s+(\S+)$/.exec(value)
  if (match?.[1]?.toLowerCase() !== scheme || match[2] === undefined) return null
  return scheme === 'bearer' ? toBytes(match[2]) : fromBase64(match[2])
}

function queryValues(url: string, name: string): string[] {
  let values: string[] = []
  try {
    values = new URL(url, 'http://localhost').searchParams.getAll(name).filter(Boolean)
  } catch {
    values = []
  }
  if (values.length === 0) throw invalidSignature(`query parameter "${name}" is missing`)
  return values
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', toBytes(bytes)))
}
