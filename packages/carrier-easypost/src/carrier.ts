import {
  type Carrier,
  type CarrierFactoryContext,
  type CarrierWebhook,
  defineCarrier,
  type LabelPurchasing,
  normalizeTrackingNumber,
  type Shipment,
} from '@wismo/core'
import { explainRefusals } from './errors.ts'
import { easypostLabels } from './labels.ts'
import { type EasypostCarrierOptions, EasypostCarrierOptionsSchema, webhookSecrets } from './options.ts'
import { easypostStatusMapper } from './status-map.ts'
import { ensureTracker, trackNumbers } from './track.ts'
import { EASYPOST_ID } from './tracker.ts'
import { easypostWebhook } from './webhook.ts'

/**
 * An EasyPost carrier: tracking, pushes and label buying.
 * @example const easypost: EasypostCarrier = easypostCarrier({ apiKey })
 */
export interface EasypostCarrier extends Carrier {
  detect(trackingNumber: string): number
  webhook: CarrierWebhook
  /**
   * Creates the number's tracker, so EasyPost pushes `tracker.updated` for it; a shipment that
   * already names its tracker (`trk_…`, from a label bought here) keeps that one.
   */
  register: NonNullable<Carrier['register']>
  labels: LabelPurchasing
}

/** EasyPost's test tracking codes (`EZ1000000001` … `EZ7000000007`): no other carrier has them. */
const TEST_CODE = /^EZ\d{10}$/

/**
 * Confidence that a number is EasyPost's: 0.5 for its test codes, 0 otherwise. EasyPost tracks
 * other carriers' numbers; it names none of them its own, so detection picks the direct carrier.
 * @example detectEasypost('EZ1000000001') // 0.5
 */
export function detectEasypost(trackingNumber: string): number {
  return TEST_CODE.test(normalizeTrackingNumber(trackingNumber)) ? 0.5 : 0
}

/** Basic auth with the API key as user name and no password. */
function basicAuth(apiKey: string): string {
  const bytes = new TextEncoder().encode(`${apiKey}:`)
  return `Basic ${btoa(String.fromCharCode(...bytes))}`
}

const defineEasypost = defineCarrier({
  id: EASYPOST_ID,
  name: 'EasyPost',
  options: EasypostCarrierOptionsSchema,
  secrets: ['apiKey', 'webhookSecret'],
  capabilities: {
    track: true,
    webhooks: true,
    accountWebhooks: true,
    register: true,
    createShipment: true,
    batch: 1,
  },
  limits: (o) => ({ requestsPerSecond: o.requestsPerSecond }),
  http: (o) => ({
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    headers: { accept: 'application/json', authorization: basicAuth(o.apiKey) },
  }),
  setup: (options, { http: client, log }) => {
    // EasyPost explains its refusals in the body: read them into coded errors (address fields).
    const http = explainRefusals(client)
    const map = easypostStatusMapper({ overrides: options.statusOverrides, log })
    const ctx = { http, log, map, trackerIds: options.trackerIds, carrier: options.trackingCarrier }
    return {
      detect: detectEasypost,
      track: (numbers: readonly string[]) => trackNumbers(ctx, numbers),
      register: async (
        shipment: Pick<Shipment, 'trackingNumber'> & Partial<Pick<Shipment, 'carrierShipmentId'>>,
      ) => {
        const tracker = await ensureTracker(ctx, shipment)
        log.debug(
          { carrier: EASYPOST_ID, trackingNumber: tracker.tracking_code, tracker: tracker.id },
          'easypost tracker',
        )
      },
      webhook: easypostWebhook({
        secrets: webhookSecrets(options),
        map,
        trackerIds: options.trackerIds,
        log,
      }),
      labels: easypostLabels({ http, log }),
    }
  },
})

/**
 * EasyPost (id `'easypost'`): tracks any carrier's numbers through EasyPost trackers, receives
 * signed `tracker.updated` webhooks, and buys labels (`labels`: quote, buy, recover).
 * @example
 * const easypost = easypostCarrier({
 *   apiKey: process.env.EASYPOST_API_KEY!,
 *   webhookSecret: process.env.EASYPOST_WEBHOOK_SECRET!,
 * })
 * const [update] = await easypost.track(['EZ1000000001'])
 */
export function easypostCarrier(
  options: EasypostCarrierOptions,
  context: CarrierFactoryContext = {},
): EasypostCarrier {
  return defineEasypost(options, context) as EasypostCarrier
}
