import {
  type Carrier,
  type CarrierFactoryContext,
  type CarrierWebhook,
  defineCarrier,
  type HttpClient,
  type Logger,
  normalizeTrackingNumber,
  oauthClientCredentials,
  statusMapper,
  type TrackingUpdate,
} from '@wismo/core'
import { invalidResponse, requestError } from './errors.ts'
import { type FedexCarrierOptions, FedexCarrierOptionsSchema, type ResolvedFedexOptions } from './options.ts'
import { FedexErrorResponseSchema, type FedexTrackResponse, FedexTrackResponseSchema } from './schema.ts'
import { FEDEX_STATUS } from './status-map.ts'
import type { MapStatus } from './to-update.ts'
import { fedexConfidence } from './tracking-number.ts'
import { toUpdates } from './updates.ts'
import { fedexWebhook } from './webhook.ts'

const CARRIER_ID = 'fedex'
/**
 * FedEx takes at most 30 `trackingInfo` entries per track request.
 * @example fedexCarrier(opts).capabilities.batch === FEDEX_TRACK_BATCH // true
 */
export const FEDEX_TRACK_BATCH = 30
/** FedEx allows 1,400 transactions per 10 seconds per project. */
const REQUESTS_PER_SECOND = 140
const TRACK_PATH = '/track/v1/trackingnumbers'
const TOKEN_PATH = '/oauth/token'

/**
 * A FedEx carrier: a Wismo `Carrier` whose `detect` and `webhook` are always present.
 * @example const score: number = fedexCarrier(opts).detect('986578788855') // 0.95
 */
export interface FedexCarrier extends Carrier {
  detect(trackingNumber: string): number
  webhook: CarrierWebhook
}

const defineFedex = defineCarrier({
  id: CARRIER_ID,
  name: 'FedEx',
  trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr={trackingNumber}',
  options: FedexCarrierOptionsSchema,
  secrets: ['clientId', 'clientSecret', 'webhookSecurityTokens'],
  capabilities: { track: true, webhooks: true, register: false, batch: FEDEX_TRACK_BATCH },
  limits: { requestsPerSecond: REQUESTS_PER_SECOND },
  http: (o) => ({ baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, retries: o.retries }),
  setup: (options, { http, log }) => {
    const map = statusMapper(FEDEX_STATUS, { carrier: CARRIER_ID, overrides: options.statusOverrides, log })
    const auth = oauthClientCredentials(http, {
      tokenPath: TOKEN_PATH,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      credentialsIn: 'body',
      encoding: 'form',
    })
    return {
      detect: fedexConfidence,
      track: (numbers: readonly string[]) => track(auth, options, map, log, numbers),
      webhook: fedexWebhook(options.webhookSecurityTokens, { carrier: CARRIER_ID, map, log }),
    }
  },
})

/**
 * FedEx Track API adapter (id `'fedex'`): OAuth client credentials, up to 30 numbers per
 * request, every scan with its offset as FedEx wrote it, delivery dates and windows as typed
 * estimates. A number FedEx does not know is left out of the result (no `CARRIER_NOT_FOUND`);
 * a reused number answers one update per parcel, told apart by `carrierShipmentId`. Pushes of a
 * FedEx Advanced Integrated Visibility webhook project are verified with `webhookSecurityTokens`.
 * @example
 * const fedex = fedexCarrier({ clientId: process.env.FEDEX_CLIENT_ID!, clientSecret: process.env.FEDEX_CLIENT_SECRET! })
 * const updates = await fedex.track(['794843185271'])
 */
export function fedexCarrier(options: FedexCarrierOptions, context?: CarrierFactoryContext): FedexCarrier {
  // defineCarrier keeps `detect` as given; the cast only states that it is there.
  return defineFedex(options, context) as FedexCarrier
}

type Auth = Pick<HttpClient, 'request'>

async function track(
  auth: Auth,
  options: ResolvedFedexOptions,
  map: MapStatus,
  log: Logger,
  numbers: readonly string[],
): Promise<TrackingUpdate[]> {
  // Empty strings would make FedEx refuse the whole batch (TRACKING.TRACKINGNUMBER.EMPTY).
  const unique = [...new Set(numbers.map(normalizeTrackingNumber))].filter((n) => n !== '')
  const updates: TrackingUpdate[] = []
  for (let i = 0; i < unique.length; i += FEDEX_TRACK_BATCH) {
    const chunk = unique.slice(i, i + FEDEX_TRACK_BATCH)
    const response = await trackChunk(auth, options, chunk)
    updates.push(...toUpdates(response, { carrier: CARRIER_ID, source: 'poll', map, log }))
  }
  return updates
}

async function trackChunk(
  auth: Auth,
  options: ResolvedFedexOptions,
  numbers: readonly string[],
): Promise<FedexTrackResponse> {
  const { data } = await auth.request<unknown>(TRACK_PATH, {
    method: 'POST',
    headers: { 'x-locale': options.locale },
    json: {
      includeDetailedScans: true,
      trackingInfo: numbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
    },
  })
  const refused = FedexErrorResponseSchema.safeParse(data)
  if (refused.success && !hasOutput(data)) throw requestError(refused.data.errors)
  const parsed = FedexTrackResponseSchema.safeParse(data)
  if (!parsed.success) throw invalidResponse(parsed.error, data)
  return parsed.data
}

const hasOutput = (data: unknown) => typeof data === 'object' && data !== null && 'output' in data
