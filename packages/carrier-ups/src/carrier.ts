import {
  type Carrier,
  type CarrierFactoryContext,
  type CarrierWebhook,
  defineCarrier,
  normalizeTrackingNumber,
  oauthClientCredentials,
  type PushSubscription,
  type Shipment,
  WismoError,
} from '@wismo/core'
import { detectUps } from './detect.ts'
import { type UpsCarrierOptions, UpsCarrierOptionsSchema } from './options.ts'
import { upsStatusMapper } from './status-map.ts'
import { SUBSCRIPTION_DAYS, type SubscribeResult, subscribe } from './subscribe.ts'
import { trackNumbers, upsHeaders } from './track.ts'
import { trackAlertWebhook } from './webhook.ts'

/** OAuth 2.0 client-credentials token endpoint (HTTP Basic with client id and secret). */
export const TOKEN_PATH = '/security/v1/oauth/token'

/** A UPS carrier: a Wismo `Carrier` plus Track Alert subscriptions for many numbers at once. */
export interface UpsCarrier extends Carrier {
  detect(trackingNumber: string): number
  webhook: CarrierWebhook
  /**
   * Subscribe the shipment's `1Z` number to Track Alert. Resolves with `{ expiresAt }` (14 days
   * on), which Wismo keeps to subscribe again in time.
   */
  register: NonNullable<Carrier['register']>
  /**
   * Subscribe `1Z` numbers to Track Alert (up to 100 per request, batched for you). Renew every
   * 14 days for parcels still moving. Resolves with what UPS accepted and refused.
   */
  subscribe(numbers: readonly string[]): Promise<SubscribeResult>
}

const defineUps = defineCarrier({
  id: 'ups',
  name: 'UPS',
  trackingUrl: 'https://www.ups.com/track?tracknum={trackingNumber}',
  options: UpsCarrierOptionsSchema,
  // trackAlert: its credentials are secrets (its URL is masked in logs too, a small price).
  secrets: ['clientSecret', 'trackAlert'],
  capabilities: { track: true, webhooks: true, register: true, createShipment: false, batch: 1 },
  http: (o) => ({
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    requestsPerSecond: o.requestsPerSecond,
    headers: { accept: 'application/json' },
  }),
  setup: (options, { http, log }) => {
    const auth = oauthClientCredentials(http, {
      tokenPath: TOKEN_PATH,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      credentialsIn: 'basic',
      encoding: 'form',
      extraHeaders: options.merchantId ? { 'x-merchant-id': options.merchantId } : {},
    })
    const map = upsStatusMapper({ overrides: options.statusOverrides, log })
    const headers = () => upsHeaders(options.transactionSrc)
    const subscribeNumbers = (numbers: readonly string[]) => subscribe(auth, options, headers, numbers)
    return {
      detect: detectUps,
      track: (numbers: readonly string[]) =>
        trackNumbers({ auth, log, map, locale: options.locale, headers }, numbers),
      register: async (shipment: Pick<Shipment, 'trackingNumber'>) => {
        const number = normalizeTrackingNumber(shipment.trackingNumber)
        const result = await subscribeNumbers([number])
        if (!result.valid.map(normalizeTrackingNumber).includes(number))
          throw new WismoError('CARRIER_REQUEST_REJECTED', 'UPS Track Alert refused the subscription', {
            details: { trackingNumber: number, invalid: result.invalid },
          })
        log.debug({ carrier: 'ups', trackingNumber: number }, 'ups track alert subscribed')
        const answer: PushSubscription = {
          expiresAt: new Date(Date.now() + SUBSCRIPTION_DAYS * 86_400_000).toISOString(),
        }
        return answer
      },
      subscribe: subscribeNumbers,
      webhook: trackAlertWebhook(options.trackAlert?.credentials, map),
    }
  },
})

/**
 * UPS (id `'ups'`): polls the Track API (OAuth client credentials, one number per request) and
 * receives UPS Track Alert pushes. `track` leaves out numbers UPS does not know. Push
 * subscriptions (`register`, `subscribe`) last 14 days and UPS does not retry a failed push, so
 * keep polling as reconciliation.
 * @example
 * const ups = upsCarrier({
 *   clientId: process.env.UPS_CLIENT_ID!,
 *   clientSecret: process.env.UPS_CLIENT_SECRET!,
 *   trackAlert: { url: 'https://shop.example/webhooks/ups', credentials: [process.env.UPS_TRACK_ALERT_CREDENTIAL!] },
 * })
 * const [update] = await ups.track(['1Z999AA10123456784'])
 */
export function upsCarrier(options: UpsCarrierOptions, context?: CarrierFactoryContext): UpsCarrier {
  // defineCarrier keeps the extra `subscribe` method as is; the cast only restores its type.
  return defineUps(options, context) as UpsCarrier
}
