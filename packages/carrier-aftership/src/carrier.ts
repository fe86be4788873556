import {
  type Carrier,
  type CarrierFactoryContext,
  type CarrierWebhook,
  defineCarrier,
  normalizeTrackingNumber,
  type Shipment,
  WismoError,
} from '@wismo/core'
import { createTracking } from './api.ts'
import { type AftershipCarrierOptions, AftershipCarrierOptionsSchema, webhookSecrets } from './options.ts'
import { aftershipStatusMapper } from './status-map.ts'
import { carrierTime } from './time.ts'
import { trackNumbers } from './track.ts'
import { aftershipWebhook } from './webhook.ts'

/**
 * Shipment metadata key naming the AfterShip courier slug of one shipment (beats `slug`).
 * @example await wismo.registerShipment({ trackingNumber, carrier: 'aftership', metadata: { [SLUG_METADATA_KEY]: 'fedex' } })
 */
export const SLUG_METADATA_KEY = 'aftershipSlug'

/**
 * An AfterShip carrier: a Wismo `Carrier` that always has `register` and `webhook`.
 * @example const carrier: AftershipCarrier = aftershipCarrier({ apiKey })
 */
export interface AftershipCarrier extends Carrier {
  webhook: CarrierWebhook
  /**
   * Create the shipment's tracking in AfterShip (courier detected unless a slug is known), so
   * AfterShip pushes its updates to your webhook. Already tracked: nothing to do. Resolves with
   * nothing: AfterShip tracks until delivery or expiry, there is no subscription to renew.
   */
  register: NonNullable<Carrier['register']>
}

const defineAftership = defineCarrier({
  id: 'aftership',
  name: 'AfterShip',
  options: AftershipCarrierOptionsSchema,
  secrets: ['apiKey', 'webhookSecret'],
  capabilities: {
    track: true,
    webhooks: true,
    accountWebhooks: true,
    register: true,
    createShipment: false,
    batch: 50,
  },
  limits: (o) => ({ requestsPerSecond: o.requestsPerSecond }),
  http: (o) => ({
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    headers: { accept: 'application/json', 'as-api-key': o.apiKey },
  }),
  setup: (options, { http, log }) => {
    const map = aftershipStatusMapper({ overrides: options.statusOverrides, log })
    const api = { http, log, options }
    return {
      track: (numbers: readonly string[]) =>
        trackNumbers({ ...api, map, createMissing: options.createMissing }, numbers),
      register: async (shipment: Shipment) => {
        const number = normalizeTrackingNumber(shipment.trackingNumber)
        const slug = shipment.metadata?.[SLUG_METADATA_KEY] ?? options.slug
        const promised = shipment.promisedDate ? carrierTime(shipment.promisedDate) : null
        const created = await createTracking(api, number, {
          slug,
          ...(shipment.orderId ? { order_id: shipment.orderId } : {}),
          ...(promised ? { order_promised_delivery_date: promised } : {}),
        })
        if (!created)
          throw new WismoError('CARRIER_REQUEST_REJECTED', 'AfterShip refused to track this number', {
            details: { trackingNumber: number, ...(slug ? { slug } : {}) },
          })
        log.debug(
          { carrier: 'aftership', trackingNumber: number, slug: created.slug },
          'aftership tracking registered',
        )
      },
      webhook: aftershipWebhook(webhookSecrets(options), map, log),
    }
  },
})

/**
 * AfterShip (id `'aftership'`), an aggregator: `track` reads trackings from your AfterShip
 * account (50 numbers a request) and creates the missing ones; `register` creates a tracking so
 * AfterShip pushes webhooks (`aftership-hmac-sha256`, verified over the raw body). Updates carry
 * carrier `'aftership'`, the courier in `service`, AfterShip's tracking id as
 * `carrierShipmentId`, and every EDD kind as a typed estimate. No label buying.
 * @example
 * const aftership = aftershipCarrier({
 *   apiKey: process.env.AFTERSHIP_API_KEY!,
 *   webhookSecret: process.env.AFTERSHIP_WEBHOOK_SECRET!,
 * })
 * const [update] = await aftership.track(['9405511202575421535949'])
 */
export function aftershipCarrier(
  options: AftershipCarrierOptions,
  context?: CarrierFactoryContext,
): AftershipCarrier {
  // defineCarrier keeps register and webhook as given; the cast only restores their presence in the type.
  return defineAftership(options, context) as AftershipCarrier
}
