import { z } from 'zod'

/** SendGrid's global API host. */
export const SENDGRID_API_URL = 'https://api.sendgrid.com'
/** The API host of EU regional subusers. */
export const SENDGRID_EU_API_URL = 'https://api.eu.sendgrid.com'

const AddressSchema = z.object({ email: z.email(), name: z.string().min(1).max(200).optional() }).strict()

/** `'shop@example.com'` or `{ email, name }`. */
const AddressInputSchema = z.union([z.email().transform((email) => ({ email })), AddressSchema])

/** A public key as SendGrid shows it: base64 DER (SubjectPublicKeyInfo), no PEM armour. */
const PublicKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected the base64 public key SendGrid shows')
  .min(80)
  .max(400)

/** Options of {@link sendgridNotifier}. */
export const SendgridNotifierOptionsSchema = z
  .object({
    /** An API key with the "Mail Send" permission (`SG.…`). */
    apiKey: z.string().min(20).max(300),
    /** The sender: a verified Sender Identity or an address of an authenticated domain. */
    from: AddressInputSchema,
    replyTo: AddressInputSchema.optional(),
    /** API host: {@link SENDGRID_API_URL} (default) or {@link SENDGRID_EU_API_URL}. */
    baseUrl: z.url().default(SENDGRID_API_URL),
    /** `mail_settings.sandbox_mode`: SendGrid validates the request and sends nothing. */
    sandbox: z.boolean().default(false),
    /**
     * Verification keys of the Signed Event Webhook (Settings → Mail Settings → Event Webhook),
     * several during a rotation. Without them delivery-event requests are refused.
     */
    webhookPublicKeys: z.array(PublicKeySchema).min(1).max(5).optional(),
    /**
     * Refuse signed events whose timestamp is further than this from now (`WEBHOOK_STALE`).
     * Off by default: SendGrid documents no tolerance and retries failed posts for 24 hours.
     */
    webhookToleranceSec: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3600)
      .optional(),
    /** Requests started per second (SendGrid publishes no number for mail/send). */
    requestsPerSecond: z.number().positive().max(1000).optional(),
    /** Retries after a 5xx, timeout or 429. Each retry after a timeout may send a duplicate. */
    retries: z.number().int().min(0).max(10).default(2),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict()

/** Options as passed to {@link sendgridNotifier}. */
export type SendgridNotifierOptions = z.input<typeof SendgridNotifierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedSendgridOptions = z.output<typeof SendgridNotifierOptionsSchema>
