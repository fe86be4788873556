import { StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/** Shippo's API host (live and test tokens both use it; the token decides the mode). */
export const SHIPPO_API_URL = 'https://api.goshippo.com'

/** A Shippo carrier token as its API spells it: `usps`, `ups`, `fedex`, `dhl_express`, … */
export const ShippoCarrierTokenSchema = z
  .string()
  .regex(/^[a-z0-9_]{2,40}$/, 'a Shippo carrier token such as "usps" or "dhl_express"')

/** Who may post `track_updated` webhooks: the URL token, and Shippo's HMAC header when enabled. */
const WebhookSchema = z
  .object({
    /**
     * Values of the `?token=` you put in the webhook URL in the Shippo dashboard, newest first;
     * every one is accepted, so a rotation keeps working.
     */
    urlTokens: z.array(z.string().min(16, 'use at least 16 characters').max(512)).max(10).optional(),
    /**
     * HMAC secrets of `Shippo-Auth-Signature: t=…,v1=…` (Shippo turns HMAC on per account on
     * request). When given, every webhook must carry a valid, fresh signature.
     */
    hmacSecrets: z.array(z.string().min(16, 'use at least 16 characters').max(512)).max(10).optional(),
    /** Accepted clock difference for the signed timestamp, in seconds. */
    toleranceSec: z.number().int().min(1).max(3600).default(300),
  })
  .strict()
  .refine((w) => (w.urlTokens?.length ?? 0) + (w.hmacSecrets?.length ?? 0) > 0, {
    message: 'give urlTokens, hmacSecrets or both',
  })

/** Picks the Shippo carrier token of a tracking number (the host knows it best). */
export type ShippoCarrierResolver = (trackingNumber: string) => string | null | undefined

/** Options of {@link shippoCarrier}. */
export const ShippoCarrierOptionsSchema = z
  .object({
    /** API token from the Shippo dashboard (`shippo_live_…`, or `shippo_test_…` for test mode). */
    apiKey: z.string().min(16).max(200),
    baseUrl: z.url().default(SHIPPO_API_URL),
    /**
     * Shippo tracks a number only with its carrier token. Asked first for every number: your own
     * lookup (e.g. from your order system). Return nothing to fall back to detection.
     */
    resolveCarrier: z
      .custom<ShippoCarrierResolver>((v) => typeof v === 'function', 'expected a function')
      .optional(),
    /** Wismo carrier ids (as `detectCarrier` names them) → Shippo tokens, merged over the defaults. */
    carrierTokens: z.record(z.string().min(1).max(60), ShippoCarrierTokenSchema).optional(),
    /** The token used when neither `resolveCarrier` nor detection knows the number. */
    defaultCarrier: ShippoCarrierTokenSchema.optional(),
    /** Incoming `track_updated` webhooks; without it webhooks are refused. */
    webhook: WebhookSchema.optional(),
    /** Label format used by `buy` when the quote was made by another process (default PDF). */
    labelFormat: z.enum(['PDF', 'PNG', 'ZPL']).default('PDF'),
    /** Your overrides of the status table, keyed `STATUS` or `STATUS:substatus`. */
    statusOverrides: StatusOverridesSchema.optional(),
    /** Requests started per second by this process. */
    requestsPerSecond: z.number().positive().max(100).default(5),
    /** Retries after a 5xx, timeout or 429 (0 turns retrying off). */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
  })
  .strict()

/** Options as passed to {@link shippoCarrier}. */
export type ShippoCarrierOptions = z.input<typeof ShippoCarrierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedShippoOptions = z.output<typeof ShippoCarrierOptionsSchema>
