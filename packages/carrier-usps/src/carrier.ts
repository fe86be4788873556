import {
  type Carrier,
  defineCarrier,
  isWismoError,
  oauthClientCredentials,
  statusMapper,
  type TrackingUpdate,
} from '@wismo/core'
import { detectUsps } from './detect.ts'
import { invalidResponse, reportedError } from './errors.ts'
import { type ResolvedUspsOptions, type UspsCarrierOptions, UspsCarrierOptionsSchema } from './options.ts'
import { UspsTrackingSchema } from './schema.ts'
import { USPS_STATUS } from './status-map.ts'
import { type Mappers, toUpdate } from './update.ts'

/**
 * Where the OAuth token and tracking answers live on the USPS API host.
 * @example USPS_PATHS.tracking('9400111206206406260787') // '/tracking/v3/tracking/9400111206206406260787'
 */
export const USPS_PATHS = {
  token: '/oauth2/v3/token',
  tracking: (n: string) => `/tracking/v3/tracking/${encodeURIComponent(n)}`,
} as const

/**
 * Requests per second this adapter starts at most. USPS's default quota is about 60 calls per
 * hour per app (token calls included), so this only smooths bursts; the hourly budget is the
 * host's to spread (see the README).
 * @example uspsCarrier(options).limits.requestsPerSecond === USPS_REQUESTS_PER_SECOND // true
 */
export const USPS_REQUESTS_PER_SECOND = 1

const definition = defineCarrier({
  id: 'usps',
  name: 'USPS',
  trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={trackingNumber}',
  options: UspsCarrierOptionsSchema,
  secrets: ['clientId', 'clientSecret'],
  capabilities: { track: true, webhooks: false, register: false, batch: 1 },
  limits: (o) => ({ requestsPerSecond: USPS_REQUESTS_PER_SECOND, ...(o.budget ? { budget: o.budget } : {}) }),
  http: (o: ResolvedUspsOptions) => ({
    baseUrl: o.baseUrl,
    headers: { accept: 'application/json' },
    timeoutMs: o.timeoutMs,
    retries: o.retries,
  }),
  setup: (o, { http, log }) => {
    const auth = oauthClientCredentials(http, {
      tokenPath: USPS_PATHS.token,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      credentialsIn: 'body',
      encoding: 'json',
      ...(o.scope ? { scope: o.scope } : {}),
    })
    const overrides = o.statusOverrides
    const mappers: Mappers = {
      map: statusMapper(USPS_STATUS, { carrier: 'usps', overrides, log }),
      quiet: statusMapper(USPS_STATUS, { carrier: 'usps', overrides }),
    }

    /** One number; `null` when USPS does not know it (HTTP 404, or a 404 in an error envelope). */
    const trackOne = async (n: string): Promise<TrackingUpdate | null> => {
      try {
        const { data } = await auth.request<unknown>(USPS_PATHS.tracking(n), {
          searchParams: { expand: 'DETAIL' },
        })
        const reported = reportedError(data)
        if (reported) throw reported
        const parsed = UspsTrackingSchema.safeParse(data)
        if (!parsed.success)
          throw invalidResponse(
            data,
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
          )
        return toUpdate(n, parsed.data, mappers, log)
      } catch (e) {
        if (!isWismoError(e, 'CARRIER_NOT_FOUND')) throw e
        log.debug({ carrier: 'usps', trackingNumber: n }, 'usps does not know this number (yet)')
        return null
      }
    }

    return {
      detect: detectUsps,
      async track(numbers) {
        const updates: TrackingUpdate[] = []
        // One number per request (the API takes one), in turn: the quota is per app, not per call site.
        for (const n of numbers) {
          const update = await trackOne(n)
          if (update) updates.push(update)
        }
        return updates
      },
    }
  },
})

/**
 * The USPS carrier (Tracking API v3, OAuth 2 client credentials). Polls only: one number per
 * request; numbers USPS does not know yet are left out of the result.
 * @example
 * import { uspsCarrier } from '@wismo/carrier-usps'
 * const usps = uspsCarrier({ clientId: process.env.USPS_CLIENT_ID, clientSecret: process.env.USPS_CLIENT_SECRET })
 */
export const uspsCarrier: (
  options: UspsCarrierOptions,
  context?: Parameters<typeof definition>[1],
) => Carrier = (options, context) => definition(options, context)
