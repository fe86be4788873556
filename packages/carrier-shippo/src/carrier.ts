import {
  type Carrier,
  type CarrierFactoryContext,
  type CarrierWebhook,
  defineCarrier,
  type LabelPurchasing,
  normalizeTrackingNumber,
  type Shipment,
} from '@wismo/core'
import { carrierTokenFor, SHIPPO_CARRIER_TOKENS } from './carrier-tokens.ts'
import { shippoLabels } from './labels.ts'
import { type ShippoCarrierOptions, ShippoCarrierOptionsSchema } from './options.ts'
import { shippoStatusMapper } from './status-map.ts'
import { registerTrack, type TrackContext, trackNumbers } from './track.ts'
import { shippoWebhook } from './webhook.ts'

/** Most numbers whose carrier token one instance remembers (oldest forgotten first). */
const LEARNED_MAX = 10_000

/** A Shippo carrier: tracking, `track_updated` webhooks, registration and label buying. */
export interface ShippoCarrier extends Carrier {
  webhook: CarrierWebhook
  /** Register a Shippo tracking webhook for the shipment's number (`POST /tracks/`). */
  register: NonNullable<Carrier['register']>
  labels: LabelPurchasing
}

const defineShippo = defineCarrier({
  id: 'shippo',
  name: 'Shippo',
  options: ShippoCarrierOptionsSchema,
  secrets: ['apiKey', 'webhook'],
  // Shippo posts track_updated for every track on the account, not only this shop's.
  capabilities: {
    track: true,
    webhooks: true,
    accountWebhooks: true,
    register: true,
    createShipment: true,
    batch: 1,
  },
  http: (o) => ({
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    requestsPerSecond: o.requestsPerSecond,
    headers: { accept: 'application/json', authorization: `ShippoToken ${o.apiKey}` },
  }),
  setup: (options, { http, log }) => {
    const map = shippoStatusMapper({ overrides: options.statusOverrides, log })
    const learned = new Map<string, string>()
    const learn = (trackingNumber: string, token: string) => {
      const number = normalizeTrackingNumber(trackingNumber)
      learned.delete(number)
      learned.set(number, token)
      if (learned.size > LEARNED_MAX) learned.delete(learned.keys().next().value as string)
    }
    const sources = {
      resolve: options.resolveCarrier,
      tokens: { ...SHIPPO_CARRIER_TOKENS, ...options.carrierTokens },
      fallback: options.defaultCarrier,
      learned,
    }
    const ctx: TrackContext = { http, log, map, tokenFor: (n) => carrierTokenFor(n, sources), learn }
    return {
      track: (numbers: readonly string[]) => trackNumbers(ctx, numbers),
      register: (shipment: Shipment) => registerTrack(ctx, shipment),
      webhook: shippoWebhook(options.webhook, map, learn),
      labels: shippoLabels({ http, log, defaultFormat: options.labelFormat, learn }),
    }
  },
})

/**
 * Shippo (id `'shippo'`), an aggregator: tracks any carrier Shippo supports, one number per
 * request, with the number's Shippo carrier token (`usps`, `ups`, `fedex`, `dhl_express`, …)
 * from `resolveCarrier`, core's detection or `defaultCarrier`; receives `track_updated`
 * webhooks (URL token and/or HMAC); buys labels (`labels.quote` / `buy` / `recover`).
 * Updates carry `carrier: 'shippo'`; `track` leaves out numbers Shippo does not know.
 * @example
 * const shippo = shippoCarrier({
 *   apiKey: process.env.SHIPPO_API_KEY!,
 *   defaultCarrier: 'usps',
 *   webhook: { urlTokens: [process.env.SHIPPO_WEBHOOK_TOKEN!] },
 * })
 * const [update] = await shippo.track(['9205590164917337534322'])
 */
export function shippoCarrier(options: ShippoCarrierOptions, context?: CarrierFactoryContext): ShippoCarrier {
  // defineCarrier keeps every method; the cast only restores the narrower type.
  return defineShippo(options, context) as ShippoCarrier
}
