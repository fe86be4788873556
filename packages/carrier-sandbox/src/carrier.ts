import {
  type Carrier,
  type CarrierFactoryContext,
  type CarrierWebhook,
  defineCarrier,
  type LabelPurchasing,
  normalizeTrackingNumber,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { sandboxLabels } from './labels.ts'
import {
  type ResolvedSandboxOptions,
  type SandboxCarrierOptions,
  SandboxCarrierOptionsSchema,
} from './options.ts'
import { toTrackingUpdate } from './payload.ts'
import type { SimulatedShipment } from './shipment.ts'
import { shipmentPayload } from './shipment.ts'
import { createSimulator, type SandboxShipmentInput, type SandboxSimulator } from './simulator.ts'
import { isSandboxTrackingNumber } from './tracking-number.ts'
import { sandboxWebhook } from './webhook.ts'

const CARRIER_ID = 'sandbox'
/** Numbers per `track` request, like a real carrier's batch limit. */
const TRACK_BATCH = 50

/** A sandbox carrier: a Wismo `Carrier` plus the simulator that drives it. */
export interface SandboxCarrier extends Carrier {
  readonly simulator: SandboxSimulator
  detect(trackingNumber: string): number
  webhook: CarrierWebhook
  /** Buys labels for `wismo.createShipment` (quotes per lane service; see the README). */
  labels: LabelPurchasing
  /** Plan a simulated shipment and return its tracking number (no label; see `labels`). */
  createShipment(input: SandboxShipmentInput): Promise<{ trackingNumber: string }>
}

const defineSandbox = defineCarrier({
  id: CARRIER_ID,
  name: 'Sandbox Express',
  options: SandboxCarrierOptionsSchema,
  secrets: ['webhookSecret'],
  capabilities: { track: true, webhooks: true, register: false, createShipment: true, batch: TRACK_BATCH },
  setup: (options) => {
    const simulator = createSimulator(options, CARRIER_ID)
    const implementation = {
      detect: (trackingNumber: string) => (isSandboxTrackingNumber(trackingNumber) ? 1 : 0),
      track: async (numbers: readonly string[]) => track(simulator, options, numbers),
      createShipment: async (input: SandboxShipmentInput) => ({
        trackingNumber: simulator.ship(input).trackingNumber,
      }),
      labels: sandboxLabels(simulator, CARRIER_ID),
      webhook: sandboxWebhook({
        carrierId: CARRIER_ID,
        secret: options.webhookSecret,
        clock: options.clock,
        toleranceSec: options.webhookToleranceSeconds,
      }),
      simulator,
    }
    return implementation
  },
})

/**
 * A deterministic simulated carrier (id `'sandbox'`): creates shipments, plays out realistic
 * journeys on a clock, answers `track` polls and emits Standard Webhooks–signed webhooks with
 * duplicates and out-of-order deliveries. Same `seed` + same calls ⇒ same numbers, journeys and
 * webhook bodies. `track` omits numbers it does not know (no `CARRIER_NOT_FOUND`).
 * @example
 * let now = new Date('2025-03-03T09:00:00Z')
 * const sandbox = sandboxCarrier({ seed: 7, webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', clock: () => now })
 * const { trackingNumber } = await sandbox.createShipment({})
 * now = new Date('2025-03-05T09:00:00Z')
 * const [update] = await sandbox.track([trackingNumber]) // the scans of the first two days
 * const requests = await sandbox.simulator.webhooksUntil(now) // signed webhooks due by now
 */
export function sandboxCarrier(
  options: SandboxCarrierOptions,
  context?: CarrierFactoryContext,
): SandboxCarrier {
  // defineCarrier keeps the extra `simulator` property as is; the cast only restores its type.
  return defineSandbox(options, context) as SandboxCarrier
}

function track(
  simulator: SandboxSimulator,
  options: ResolvedSandboxOptions,
  numbers: readonly string[],
): TrackingUpdate[] {
  if (numbers.length > TRACK_BATCH) {
    throw new WismoError(
      'CARRIER_REQUEST_REJECTED',
      `sandbox tracks at most ${TRACK_BATCH} numbers per request (got ${numbers.length})`,
    )
  }
  const now = options.clock().getTime()
  return [...new Set(numbers.map(normalizeTrackingNumber))].flatMap((number) => {
    // A multi-parcel shipment answers under its own number with every parcel's scans, each
    // naming its piece; a single parcel answers with its own scans.
    const own = simulator.get(number)
    const parts = own ? [own] : simulator.piecesOf(number)
    const visible = (part: SimulatedShipment) => part.scans.filter((s) => s.at <= now)
    const events = parts.flatMap((part) => shipmentPayload(part, visible(part)).events)
    const [first] = parts
    if (!first || events.length === 0) return []
    return [toTrackingUpdate(CARRIER_ID, { ...shipmentPayload(first, visible(first)), events }, 'poll')]
  })
}
