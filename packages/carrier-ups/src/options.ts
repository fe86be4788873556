import { StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/** UPS production host (live data). */
export const UPS_PRODUCTION_URL = 'https://onlinetools.ups.com'
/** UPS Customer Integration Environment (CIE): test credentials and test numbers, no live data. */
export const UPS_CIE_URL = 'https://wwwcie.ups.com'

/** Track Alert push settings: where UPS posts scans and the credential it echoes back. */
const TrackAlertSchema = z
  .object({
    /** Your public HTTPS endpoint, e.g. `https://shop.example/webhooks/ups`. */
    url: z.url({ protocol: /^https$/, error: 'expected an https:// URL' }),
    /**
     * Opaque credentials UPS sends back in the `credential` header, newest first. New
     * subscriptions use the first; every one is accepted, so a rotation keeps working for the
     * 14 days older subscriptions live.
     */
    credentials: z.array(z.string().min(16, 'use at least 16 characters').max(512)).min(1).max(10),
    /** Free text UPS stores next to the credential (documented example: `Bearer`). */
    credentialType: z.string().min(1).max(50).default('Bearer'),
    /** Reserved by UPS "for future use"; required in the request. */
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('US'),
  })
  .strict()

/** Options of {@link upsCarrier}. */
export const UpsCarrierOptionsSchema = z
  .object({
    /** Client ID of your app on developer.ups.com (Tracking API enabled). */
    clientId: z.string().min(8).max(200),
    /** Client secret of that app. */
    clientSecret: z.string().min(8).max(200),
    /** API host: production by default; {@link UPS_CIE_URL} for the test environment. */
    baseUrl: z.url().default(UPS_PRODUCTION_URL),
    /** Sent as `transactionSrc` on every call; names your application to UPS. */
    transactionSrc: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/)
      .default('wismo'),
    /** Language of status descriptions, e.g. `en_US`, `de_DE`. */
    locale: z
      .string()
      .regex(/^[a-z]{2}_[A-Z]{2}$/)
      .default('en_US'),
    /** Optional `x-merchant-id` header on the token request (shipper account number). */
    merchantId: z.string().min(1).max(20).optional(),
    /** Track Alert push subscriptions; without it `register` and webhooks are refused. */
    trackAlert: TrackAlertSchema.optional(),
    /** Your overrides of the status table, keyed `TYPE`, `TYPE:code` or `TYPE:statusCode`. */
    statusOverrides: StatusOverridesSchema.optional(),
    /** Requests started per second (UPS publishes no limit; 429s say when it is too high). */
    requestsPerSecond: z.number().positive().max(100).default(5),
    /** Retries after a 5xx, timeout or 429 (0 turns retrying off). */
    retries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .strict()

/** Options as passed to {@link upsCarrier}. */
export type UpsCarrierOptions = z.input<typeof UpsCarrierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedUpsOptions = z.output<typeof UpsCarrierOptionsSchema>
