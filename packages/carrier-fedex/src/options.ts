import { StatusOverridesSchema } from '@wismo/core'
import { z } from 'zod'

/**
 * FedEx API hosts: production, and the sandbox ("test" credentials of a developer project).
 * @example fedexCarrier({ clientId, clientSecret, baseUrl: FEDEX_BASE_URLS.sandbox })
 */
export const FEDEX_BASE_URLS = {
  production: 'https://apis.fedex.com',
  sandbox: 'https://apis-sandbox.fedex.com',
} as const

/**
 * Options of {@link fedexCarrier}.
 * @example FedexCarrierOptionsSchema.parse({ clientId, clientSecret }).baseUrl // 'https://apis.fedex.com'
 */
export const FedexCarrierOptionsSchema = z
  .object({
    /** API key of a FedEx Developer Portal project with the Track API (OAuth `client_id`). */
    clientId: z.string().trim().min(8).max(200),
    /** Secret key of that project (OAuth `client_secret`). */
    clientSecret: z.string().trim().min(8).max(200),
    /** API host; `FEDEX_BASE_URLS.sandbox` for sandbox credentials. Default: production. */
    baseUrl: z.url().default(FEDEX_BASE_URLS.production),
    /** `x-locale` of track requests: the language of FedEx's event texts. */
    locale: z
      .string()
      .regex(/^[a-z]{2}_[A-Z]{2}$/, { message: 'expected a locale like en_US' })
      .default('en_US'),
    /**
     * Security tokens of a FedEx Advanced Integrated Visibility webhook project, newest first
     * (several while rotating). Pushes are accepted when their `fdx-signature` matches one.
     */
    webhookSecurityTokens: z.array(z.string().min(8).max(200)).max(5).default([]),
    /** The host's changes to the status table (`{ DY: { status: 'in_transit' } }`). */
    statusOverrides: StatusOverridesSchema.optional(),
    /** Retries after a failed attempt (5xx, 429, timeouts); default 3. */
    retries: z.number().int().min(0).max(10).default(3),
    /** Per-request timeout in milliseconds; default 15 s. */
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  })
  .strict()

/**
 * Options as passed to {@link fedexCarrier}.
 * @example const options: FedexCarrierOptions = { clientId, clientSecret, locale: 'fr_CA' }
 */
export type FedexCarrierOptions = z.input<typeof FedexCarrierOptionsSchema>
/**
 * Options after validation and defaults.
 * @example const { retries }: ResolvedFedexOptions = FedexCarrierOptionsSchema.parse(options) // 3
 */
export type ResolvedFedexOptions = z.output<typeof FedexCarrierOptionsSchema>
