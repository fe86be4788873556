import { z } from 'zod'

/** Standard Webhooks secrets are 24–64 random bytes. */
const SECRET_BYTES = { min: 24, max: 64 } as const

function secretBytes(secret: string): number {
  try {
    return atob(secret.slice('whsec_'.length)).length
  } catch {
    return -1
  }
}

/** One `whsec_<base64>` secret of 24–64 bytes (the message never echoes the value). */
const SecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected whsec_ followed by base64')
  .refine((s) => {
    const n = secretBytes(s)
    return n >= SECRET_BYTES.min && n <= SECRET_BYTES.max
  }, 'must decode to 24–64 bytes')

/** One secret, or several during a rotation (every one signs; the receiver may hold either). */
const SecretsSchema = z
  .union([SecretSchema, z.array(SecretSchema).min(1).max(5)])
  .transform((s) => (typeof s === 'string' ? [s] : s))

const PemSchema = z
  .string()
  .includes('-----BEGIN CERTIFICATE-----', { message: 'expected a PEM certificate' })

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })

const EndpointSchema = z.union([
  HttpUrlSchema.transform((url) => ({ url, secret: undefined, privateNetwork: false })),
  z
    .object({
      url: HttpUrlSchema,
      /** This endpoint's own secret(s), instead of the top-level `secret`. */
      secret: SecretsSchema.optional(),
      /** Allow this endpoint to be on a loopback or private network (your own internal system). */
      privateNetwork: z.boolean().default(false),
    })
    .strict(),
])

/** Options of {@link webhookNotifier}. */
export const WebhookNotifierOptionsSchema = z
  .object({
    /** `whsec_<base64>` secret(s) the receivers verify with; several during a rotation. */
    secret: SecretsSchema,
    /** Shorthand for `endpoints: { default: url }`. */
    url: HttpUrlSchema.optional(),
    /** Named endpoints: a message whose `to` is a name goes to that URL (with its own secret if given). */
    endpoints: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'use 1–64 of A-Z a-z 0-9 _ -'),
        EndpointSchema,
      )
      .default({}),
    /** Whether `to` may be a URL rather than an endpoint name (default true). */
    allowUrlRecipients: z.boolean().default(true),
    /** Allow loopback and private destinations (default false: refused, see README). */
    allowPrivateNetworks: z.boolean().default(false),
    /** A response header holding the receiver's own id of the message (else `webhook-id` is kept). */
    messageIdHeader: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,100}$/)
      .optional(),
    /** Extra CA certificates (PEM) trusted for https endpoints, e.g. your internal CA; the system CAs stay trusted. */
    ca: z
      .union([PemSchema, z.array(PemSchema).min(1).max(20)])
      .transform((c) => (typeof c === 'string' ? [c] : c))
      .optional(),
    /** Per attempt; Standard Webhooks suggests 15–30 s. */
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** In-process retries of one send (default 0: the engine's ladder retries, re-signed). */
    retries: z.number().int().min(0).max(5).default(0),
    /** Requests started per second by this process, all endpoints together. */
    requestsPerSecond: z.number().positive().max(1000).optional(),
  })
  .strict()

/** Options as passed to {@link webhookNotifier}. */
export type WebhookNotifierOptions = z.input<typeof WebhookNotifierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedWebhookOptions = z.output<typeof WebhookNotifierOptionsSchema>
