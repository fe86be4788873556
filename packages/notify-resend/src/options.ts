import { z } from 'zod'

/** Resend's API host. */
export const RESEND_API_URL = 'https://api.resend.com'

const NAMED = /^[^<>]+<[^<>\s]+@[^<>\s]+>$/

/** `'orders@shop.example'`, `'Shop <orders@shop.example>'` or `{ email, name }`. */
const AddressInputSchema = z.union([
  z.email(),
  z.string().max(400).regex(NAMED, 'expected "Name <address>"'),
  z
    .object({
      email: z.email(),
      name: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^<>"]+$/, 'no <, > or "'),
    })
    .strict()
    .transform(({ email, name }) => `${name} <${email}>`),
])

/** Options of {@link resendNotifier}. */
export const ResendNotifierOptionsSchema = z
  .object({
    /** An API key (`re_…`) with sending access. */
    apiKey: z.string().min(10).max(300),
    /** The sender, on a domain verified in Resend. */
    from: AddressInputSchema,
    replyTo: AddressInputSchema.optional(),
    baseUrl: z.url().default(RESEND_API_URL),
    /**
     * Signing secrets of your Resend webhook (`whsec_…`), newest first, several during a
     * rotation. Without them delivery-event requests are refused.
     */
    webhookSecrets: z
      .array(z.string().regex(/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/, 'expected whsec_<base64>'))
      .min(1)
      .max(5)
      .optional(),
    /** Refuse webhook requests signed further than this from now (Svix and Standard Webhooks: 300). */
    webhookToleranceSec: z
      .number()
      .int()
      .positive()
      .max(24 * 3600)
      .default(300),
    /**
     * Requests started per second by this process. Resend's limit is per team across all keys
     * (2/s in one docs revision, 5/s in a newer one); with several processes, divide it.
     */
    requestsPerSecond: z.number().positive().max(1000).default(2),
    /** Retries after a 5xx, timeout or 429; safe, since every attempt carries the idempotency key. */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict()

/** Options as passed to {@link resendNotifier}. */
export type ResendNotifierOptions = z.input<typeof ResendNotifierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedResendOptions = z.output<typeof ResendNotifierOptionsSchema>
