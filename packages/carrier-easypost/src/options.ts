import { StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/** EasyPost's API host; test and production share it, the API key decides the mode. */
export const EASYPOST_URL = 'https://api.easypost.com'

const secret = z.string().min(1).max(500)

/**
 * Options of {@link easypostCarrier}.
 * @example EasypostCarrierOptionsSchema.parse({ apiKey: 'EZTK…', webhookSecret: ['new', 'old'] })
 */
export const EasypostCarrierOptionsSchema = z
  .object({
    /**
     * API key from the EasyPost dashboard (Account → API Keys): a test key (`EZTK…`) sees test
     * trackers and buys free test labels, a production key (`EZAK…`) real ones.
     */
    apiKey: z.string().trim().min(10, 'an EasyPost API key is longer').max(200),
    /** API host (a proxy, or a fake in tests). */
    baseUrl: z.url().default(EASYPOST_URL),
    /**
     * The webhook's secret as set in the dashboard (Account → Webhooks), or several during a
     * rotation, newest first: a push signed with any of them is accepted.
     */
    webhookSecret: z.union([secret, z.array(secret).min(1).max(10)]).optional(),
    /**
     * EasyPost's carrier name sent with every new tracker (`USPS`, `UPS`, `FedEx`, …). Without it
     * the carrier is taken from a confident check-digit match of the number, else EasyPost detects it.
     */
    trackingCarrier: z.string().trim().min(2).max(60).optional(),
    /**
     * Whether updates carry the tracker id (`trk_…`) as `carrierShipmentId` (default). Turn off
     * when trackers of one number may come from several places (several carrier names, labels
     * bought elsewhere): Wismo then files every tracker's scans under the one live shipment.
     */
    trackerIds: z.boolean().default(true),
    /** Your overrides of the status table, keyed `status` or `status:status_detail`. */
    statusOverrides: StatusOverridesSchema.optional(),
    /** Requests started per second (EasyPost's limit is dynamic; 429s say when it is too high). */
    requestsPerSecond: z.number().positive().max(100).default(5),
    /** Retries after a 5xx, timeout or 429 (0 turns retrying off). */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
  })
  .strict()

/** Options as passed to {@link easypostCarrier}. */
export type EasypostCarrierOptions = z.input<typeof EasypostCarrierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedEasypostOptions = z.output<typeof EasypostCarrierOptionsSchema>

/**
 * The configured webhook secrets as a list, newest first.
 * @example webhookSecrets({ webhookSecret: 's3cret' }) // ['s3cret']
 */
export function webhookSecrets(options: Pick<ResolvedEasypostOptions, 'webhookSecret'>): string[] {
  const s = options.webhookSecret
  return s === undefined ? [] : typeof s === 'string' ? [s] : [...s]
}
