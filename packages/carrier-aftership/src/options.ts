import { StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/**
 * AfterShip's API host.
 * @example aftershipCarrier({ apiKey, baseUrl: AFTERSHIP_API_URL })
 */
export const AFTERSHIP_API_URL = 'https://api.aftership.com'
/**
 * The Tracking API version this adapter is written against (AfterShip versions the path).
 * @example trackingsPath(AFTERSHIP_API_VERSION) // '/tracking/2026-07/trackings'
 */
export const AFTERSHIP_API_VERSION = '2026-07'
/**
 * AfterShip's default rate limit per account (requests per second).
 * @example aftershipCarrier({ apiKey, requestsPerSecond: AFTERSHIP_REQUESTS_PER_SECOND * 2 }) // after AfterShip raised it
 */
export const AFTERSHIP_REQUESTS_PER_SECOND = 10

const secret = z.string().min(8, 'use at least 8 characters').max(500)

/**
 * Options of {@link aftershipCarrier}.
 * @example AftershipCarrierOptionsSchema.parse({ apiKey: 'asat_0123456789' }).apiVersion // '2026-07'
 */
export const AftershipCarrierOptionsSchema = z
  .object({
    /** API key from AfterShip admin → Settings → API keys; sent in the `as-api-key` header. */
    apiKey: z.string().min(8, 'use the key AfterShip shows (at least 8 characters)').max(200),
    /**
     * Webhook secret(s) from AfterShip admin → Settings → Webhooks, newest first. Every one is
     * accepted, so a rotation keeps working while AfterShip still retries older deliveries.
     * Without it every push is refused with `WEBHOOK_INVALID_SIGNATURE`.
     */
    webhookSecret: z.union([secret, z.array(secret).min(1).max(10)]).optional(),
    /**
     * Courier slug (e.g. `ups`, `fedex`, `dhl`) used when numbers are created and looked up.
     * Leave it out to let AfterShip detect the courier from the number.
     */
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'expected an AfterShip courier slug such as "fedex"')
      .optional(),
    /** API host; a stand-in for tests. */
    baseUrl: z.url().default(AFTERSHIP_API_URL),
    /** Tracking API version in the path, `YYYY-MM`. */
    apiVersion: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a version such as "2026-07"')
      .default(AFTERSHIP_API_VERSION),
    /** Create numbers AfterShip does not track yet when `track` asks for them (default on). */
    createMissing: z.boolean().default(true),
    /** Your overrides of the status table, keyed by subtag (`Exception_010`) or tag (`Exception`). */
    statusOverrides: StatusOverridesSchema.optional(),
    /** Requests started per second (AfterShip allows 10 by default; ask them for more). */
    requestsPerSecond: z.number().positive().max(100).default(AFTERSHIP_REQUESTS_PER_SECOND),
    /** Retries after a 5xx, timeout or 429 (0 turns retrying off). */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict()

/**
 * Options as passed to {@link aftershipCarrier}.
 * @example const options: AftershipCarrierOptions = { apiKey: process.env.AFTERSHIP_API_KEY! }
 */
export type AftershipCarrierOptions = z.input<typeof AftershipCarrierOptionsSchema>
/**
 * Options after validation and defaults.
 * @example const resolved: ResolvedAftershipOptions = AftershipCarrierOptionsSchema.parse(options)
 */
export type ResolvedAftershipOptions = z.output<typeof AftershipCarrierOptionsSchema>

/** The webhook secrets as a list (newest first), empty when none is configured. */
export function webhookSecrets(options: Pick<ResolvedAftershipOptions, 'webhookSecret'>): string[] {
  const s = options.webhookSecret
  return s === undefined ? [] : typeof s === 'string' ? [s] : [...s]
}
