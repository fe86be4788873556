import { CarrierBudgetSchema, StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/**
 * USPS API hosts: production, and the Testing Environment for Mailers (TEM, also called CIE),
 * which answers with canned sample parcels.
 * @example uspsCarrier({ clientId, clientSecret, baseUrl: USPS_BASE_URLS.testing })
 */
export const USPS_BASE_URLS = {
  production: 'https://apis.usps.com',
  testing: 'https://apis-tem.usps.com',
} as const

/** Options of {@link uspsCarrier}, validated once when the carrier is created. */
export const UspsCarrierOptionsSchema = z
  .object({
    /** Consumer Key of your app on developers.usps.com. */
    clientId: z.string().trim().min(8),
    /** Consumer Secret of the same app. */
    clientSecret: z.string().trim().min(8),
    /** API host; defaults to production. `USPS_BASE_URLS.testing` for the test environment. */
    baseUrl: z.url().default(USPS_BASE_URLS.production),
    /** OAuth scope asked for; `null` sends none and takes the app's default scopes. */
    scope: z.string().min(1).nullable().default('tracking'),
    /** The host's corrections to the status table (event code, `type:<event type>` or `category:<statusCategory>`). */
    statusOverrides: StatusOverridesSchema.optional(),
    /**
     * The app's USPS quota, shared by every process on the Wismo store, e.g.
     * `{ requests: 60, perMs: 3_600_000 }` for the default of about 60 calls an hour (token calls
     * count too). Off unless given: USPS raises quotas per app on request.
     */
    budget: CarrierBudgetSchema.optional(),
    /** Retries of a failed request (5xx, timeouts, short 429s) after the first attempt. */
    retries: z.number().int().min(0).max(10).default(3),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(1_000).max(120_000).default(15_000),
  })
  .strict()

/** What a host passes to {@link uspsCarrier}. */
export type UspsCarrierOptions = z.input<typeof UspsCarrierOptionsSchema>
export type ResolvedUspsOptions = z.output<typeof UspsCarrierOptionsSchema>
