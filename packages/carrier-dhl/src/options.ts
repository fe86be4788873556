import { CarrierBudgetSchema, StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/**
 * Production host of DHL's API platform (the Unified Shipment Tracking API lives under `/track`).
 * DHL offers no public test host for this API.
 * @example dhlCarrier({ apiKey, baseUrl: DHL_PRODUCTION_URL })
 */
export const DHL_PRODUCTION_URL = 'https://api-eu.dhl.com'

/**
 * DHL business units the Unified API resolves numbers in (its `service` parameter). Naming one
 * stops DHL from answering with another unit's shipment that happens to use the same number.
 */
export const DHL_SERVICES = [
  'dgf',
  'dsc',
  'ecommerce',
  'ecommerce-apac',
  'ecommerce-europe',
  'ecommerce-iberia',
  'ecommerce-ppl',
  'express',
  'freight',
  'parcel-de',
  'parcel-nl',
  'parcel-pl',
  'parcel-uk',
  'post-de',
  'post-international',
  'sameday',
  'svb',
] as const

export type DhlService = (typeof DHL_SERVICES)[number]

// The API key travels in a header: only send it over TLS, or to a loopback proxy in development.
const baseUrl = z
  .url()
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(`${u}/`), {
    message: 'expected an https:// URL (http:// only for localhost)',
  })

/**
 * Options of {@link dhlCarrier}. Only `apiKey` is required.
 * @example DhlCarrierOptionsSchema.parse({ apiKey: 'my-consumer-key', service: 'express' }).language // 'en'
 */
export const DhlCarrierOptionsSchema = z
  .object({
    /** The app's API key ("Consumer Key") from developer.dhl.com, sent as `DHL-API-Key`. */
    apiKey: z.string().trim().min(8).max(200),
    /** DHL business unit to search (`express`, `parcel-de`, `ecommerce`, …); default: every unit. */
    service: z.enum(DHL_SERVICES).optional(),
    /** ISO 639-1 language of DHL's event texts. The sub-status rules read English. */
    language: z
      .string()
      .regex(/^[a-z]{2}$/, { message: 'expected a two-letter ISO 639-1 code such as "en"' })
      .default('en'),
    /** ISO 3166-1 alpha-2 country of the requester; DHL may use it to pick a unit's data. */
    requesterCountryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'expected a two-letter ISO 3166-1 code such as "DE"' })
      .optional(),
    /** Defaults to production; DHL offers no public test environment for this API. */
    baseUrl: baseUrl.default(DHL_PRODUCTION_URL),
    /** Host overrides of the status table (`'transit'`, `'failure:attempt_failed'`, …). */
    statusOverrides: StatusOverridesSchema.optional(),
    /**
     * The app's DHL quota, shared by every process on the Wismo store, e.g.
     * `{ requests: 250, perMs: 86_400_000 }` for the Starter level's 250 calls a day. Off unless
     * given: DHL raises quotas per app ("Request Upgrade").
     */
    budget: CarrierBudgetSchema.optional(),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
    /** Retries after a 408/429/5xx/timeout (each counts against DHL's daily quota). */
    retries: z.number().int().min(0).max(10).default(3),
  })
  .strict()

/**
 * Options as passed to {@link dhlCarrier}.
 * @example const options: DhlCarrierOptions = { apiKey: 'my-consumer-key', service: 'parcel-de' }
 */
export type DhlCarrierOptions = z.input<typeof DhlCarrierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedDhlOptions = z.output<typeof DhlCarrierOptionsSchema>
