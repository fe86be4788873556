/**
 * The most common provider scheme: one header holding an HMAC of the raw body, optionally behind a
 * fixed prefix. EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex>` with an NFKD-normalized
 * secret; AfterShip: `aftership-hmac-sha256: <base64>`. Nothing in the request is timestamped, so
 * these schemes carry no replay protection of their own.
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
import { decodeText } from './encoding.ts'
import { hmacBytes, hmacSignature } from './hmac.ts'
import { matchSecret } from './match.ts'
import type { BytesLike, WebhookVerifier } from './types.ts'

const HmacHeaderOptionsSchema = z
  .object({
    header: HeaderNameSchema,
    algorithm: z.enum(['SHA-256', 'SHA-1', 'SHA-512']).default('SHA-256'),
    encoding: z.enum(['hex', 'base64']),
    prefix: z
      .string()
      .min(1)
      .regex(/^[^,]+$/, 'must not contain ","')
      .optional(),
    normalizeSecret: z.enum(['NFC', 'NFD', 'NFKC', 'NFKD']).optional(),
  })
  .strict()

/**
 * Options of {@link hmacHeaderVerifier} and {@link signHmacHeader}.
 * @example const opts: HmacHeaderOptions = { header: 'x-signature', algorithm: 'SHA-512', encoding: 'hex' }
 */
export type HmacHeaderOptions = z.input<typeof HmacHeaderOptionsSchema>

/**
 * Provider settings for {@link hmacHeaderVerifier}, kept as data.
 * @example const verify = hmacHeaderVerifier(HMAC_HEADER_PRESETS.easypost)
 */
export const HMAC_HEADER_PRESETS = {
  easypost: {
    header: 'x-hmac-signature',
    algorithm: 'SHA-256',
    encoding: 'hex',
    prefix: 'hmac-sha256-hex=',
    normalizeSecret: 'NFKD',
  },
  aftership: { header: 'aftership-hmac-sha256', algorithm: 'SHA-256', encoding: 'base64' },
} as const satisfies Record<string, HmacHeaderOptions>

/**
 * A verifier for "HMAC of the raw body in one header". Hex signatures match in either case.
 * The header may arrive more than once (joined as `sig1, sig2`): the request is authentic when
 * any listed signature matches, as in Standard Webhooks. Throws `CONFIG_INVALID` right away for
 * bad options.
 * @example
 * const verify = hmacHeaderVerifier({ header: 'aftership-hmac-sha256', encoding: 'base64' })
 * const { secretIndex } = await verify(req, [currentSecret, previousSecret])
 */
export function hmacHeaderVerifier(options: HmacHeaderOptions): WebhookVerifier {
  const opts = parseOptions(HmacHeaderOptionsSchema, options, 'hmacHeaderVerifier')
  return async (req, secrets) => {
    requireSecrets(secrets)
    const presented = presentedMacs(requireHeader(req.headers, opts.header), opts.prefix, opts.encoding)
    const macFor = (secret: string) =>
      hmacBytes(normalized(secret, opts.normalizeSecret), req.body, opts.algorithm)
    return { secretIndex: await matchSecret(secrets, macFor, presented) }
  }
}

/** Every listed signature that decodes; unreadable entries are skipped unless none is readable. */
function presentedMacs(value: string, prefix: string | undefined, encoding: 'hex' | 'base64'): Uint8Array[] {
  const entries = listEntries(value)
  const prefixed = prefix === undefined ? entries : entries.filter((e) => e.startsWith(prefix))
  if (prefixed.length === 0) throw invalidSignature(`expected prefix "${prefix}"`)
  const macs = prefixed
    .map((entry) => decodeText(entry.slice(prefix?.length ?? 0), encoding))
    .filter((mac): mac is Uint8Array => mac !== null && mac.length > 0)
  if (macs.length === 0) throw invalidSignature(`signature is not ${encoding}`)
  return macs
}

function normalized(secret: string, form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD' | undefined): string {
  return form === undefined ? secret : secret.normalize(form)
}

/**
 * The header a provider using this scheme would send; for the sandbox carrier and tests.
 * @example
 * const headers = new Headers(await signHmacHeader(HMAC_HEADER_PRESETS.easypost, { secret, body }))
 */
export async function signHmacHeader(
  options: HmacHeaderOptions,
  input: { secret: string; body: BytesLike },
): Promise<Record<string, string>> {
  const opts = parseOptions(HmacHeaderOptionsSchema, options, 'signHmacHeader')
  const secret = normalized(input.secret, opts.normalizeSecret)
  const sig = await hmacSignature({
    secret,
    body: input.body,
    algorithm: opts.algorithm,
    encoding: opts.encoding,
  })
  return { [opts.header]: `${opts.prefix ?? ''}${sig}` }
}
