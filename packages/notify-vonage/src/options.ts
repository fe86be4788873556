import { z } from 'zod'

/** Vonage's SMS API host. */
export const VONAGE_SMS_URL = 'https://rest.nexmo.com'

/** Signature methods offered in the Vonage dashboard (API settings → "Signed messages"). */
export const SIGNATURE_METHODS = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number]

/** Options of {@link vonageSms}. */
export const VonageSmsOptionsSchema = z
  .object({
    /** API key from the Vonage dashboard (API settings). */
    apiKey: z.string().min(4).max(50),
    /** API secret of that key. */
    apiSecret: z.string().min(6).max(200),
    /** Sender: a virtual number (E.164, `+` optional) or an alphanumeric sender ID (≤ 11). */
    from: z
      .string()
      .regex(
        /^(\+?[1-9]\d{1,14}|[A-Za-z0-9 ]{1,11})$/,
        'expected an E.164 number or an alphanumeric sender ID',
      ),
    /** Sent as `callback`: where Vonage posts delivery receipts (else the dashboard's URL). */
    callback: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The account's signature secret (API settings → Signed messages); delivery receipts are
     * verified with it. Without it webhooks cannot be verified.
     */
    signatureSecret: z.string().min(8).max(200).optional(),
    /** The signature method chosen in the dashboard next to the secret. */
    signatureMethod: z.enum(SIGNATURE_METHODS).default('md5hash'),
    /** Largest gap between a receipt's signed `timestamp` and now (Vonage documents none). */
    toleranceSec: z.number().int().min(10).max(86_400).default(300),
    /** `type`: `text` (GSM-7), `unicode`, or `auto` (unicode only when the text needs it). */
    encoding: z.enum(['auto', 'text', 'unicode']).default('auto'),
    /** `ttl` in ms: Vonage stops trying to deliver after it (Vonage default: 72 h). */
    ttlMs: z.number().int().min(20_000).max(604_800_000).optional(),
    baseUrl: z.url().default(VONAGE_SMS_URL),
    /** Retries after a 5xx or timeout (0 turns retrying off). */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
    /** Requests started per second by this process; Vonage allows 30 per API key by default. */
    requestsPerSecond: z.number().positive().max(1000).default(30),
  })
  .strict()

/** Options as passed to {@link vonageSms}. */
export type VonageSmsOptions = z.input<typeof VonageSmsOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedVonageSmsOptions = z.output<typeof VonageSmsOptionsSchema>
