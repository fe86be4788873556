import type { Status, TrackingUpdate } from '@wismo/core'
import { type DeliveryPolicy, planMessages } from './deliveries.ts'
import { type JourneyScan, planJourney } from './journey.ts'
import { carrierTime } from './local-time.ts'
import type { ResolvedSandboxOptions, ScenarioName } from './options.ts'
import { toTrackingUpdate } from './payload.ts'
import { type Lane, PLACES, type PlaceId } from './places.ts'
import type { Rng } from './rng.ts'
import { SCENARIOS } from './scenarios.ts'
import type { SandboxEstimate, SandboxEvent, SandboxLocation, SandboxShipmentPayload } from './schema.ts'
import { STATUS_MAP } from './status-map.ts'

/** One scan of a simulated journey, as the carrier reports it, with its true instant. */
export interface SimulatedScan {
  /** UTC ms: when it happens (also for scans reported without an offset). */
  at: number
  event: SandboxEvent
  estimate: SandboxEstimate | null
}

/** One webhook delivery attempt. A duplicate repeats an earlier one's `id` and `body`. */
export interface WebhookDelivery {
  /** `webhook-id`: identical for a duplicate. */
  id: string
  /** When the carrier sends it, UTC ms. */
  deliverAt: number
  trackingNumber: string
  /** The exact JSON text that is signed and sent (serialized on first read). */
  readonly body: string
  /** What `webhook.parse` makes of `body` (source `'webhook'`). */
  update: TrackingUpdate
  /** A re-delivery of a message sent before. */
  duplicate: boolean
  /** Held back until after the shipment's next message. */
  late: boolean
}

/** A shipment the simulator knows, with its whole future. */
export interface SimulatedShipment {
  trackingNumber: string
  shipmentId: string
  scenario: ScenarioName
  /** Status of the journey's last scan. */
  terminal: Status
  lane: string
  service: string
  origin: SandboxLocation
  destination: SandboxLocation
  /** Every scan, past and future, in time order. */
  scans: readonly SimulatedScan[]
  /** Every webhook delivery of this shipment, in the order they were planned (not sent). */
  deliveries: readonly WebhookDelivery[]
  /**
   * For a further parcel of a multi-parcel label: the first parcel's number. Its scans are
   * reported under that number, each naming this parcel as its `piece` (as DHL and FedEx do).
   */
  masterNumber?: string
}

export interface ShipmentSpec {
  trackingNumber: string
  shipmentId: string
  lane: Lane
  scenario: ScenarioName
  /** UTC ms of the label scan. */
  start: number
  /** The first parcel's number, for a further parcel of one label (see `SimulatedShipment`). */
  masterNumber?: string
}

/**
 * Simulate one shipment end to end: its journey, the scans' wire form, and its webhook deliveries.
 * Pure given `rng`: no crypto, no clock.
 */
export function simulateShipment(
  rng: Rng,
  spec: ShipmentSpec,
  options: ResolvedSandboxOptions,
  carrierId: string,
): SimulatedShipment {
  const { lane, trackingNumber } = spec
  const journey = planJourney({
    rng,
    lane,
    scenario: spec.scenario,
    start: spec.start,
    delays: options.delays,
    localTimeRate: options.localTimeRate,
  })
  const key = trackingNumber.slice(3)
  const scans = journey.map((s, i) => toSimulatedScan(s, `evt_${key}_${i}`))
  const shipment: SimulatedShipment = {
    trackingNumber,
    shipmentId: spec.shipmentId,
    scenario: spec.scenario,
    terminal: SCENARIOS[spec.scenario].terminal,
    lane: lane.id,
    service: lane.service,
    origin: locationOf(lane.route[0] as PlaceId),
    destination: locationOf(lane.route.at(-1) as PlaceId),
    scans,
    deliveries: [],
    ...(spec.masterNumber ? { masterNumber: spec.masterNumber } : {}),
  }
  return { ...shipment, deliveries: deliveriesOf(rng, shipment, options, carrierId) }
}

/**
 * The carrier's view of `scans` of a shipment (a webhook's `data` or a poll answer), with the
 * estimate published after the last of them.
 */
export function shipmentPayload(
  shipment: SimulatedShipment,
  scans: readonly SimulatedScan[],
): SandboxShipmentPayload {
  const piece = shipment.masterNumber ? shipment.trackingNumber : undefined
  return {
    tracking_number: shipment.masterNumber ?? shipment.trackingNumber,
    shipment_id: shipment.shipmentId,
    service: shipment.service,
    origin: shipment.origin,
    destination: shipment.destination,
    estimated_delivery: scans.at(-1)?.estimate ?? null,
    events: scans.map((s) => (piece ? { ...s.event, piece } : s.event)),
  }
}

function toSimulatedScan(scan: JourneyScan, id: string): SimulatedScan {
  const zone = PLACES[scan.place].timeZone
  const event: SandboxEvent = {
    id,
    code: scan.code,
    description: STATUS_MAP[scan.code].text,
    occurred_at: carrierTime(scan.at, zone, scan.withOffset),
    location: locationOf(scan.place),
  }
  return { at: scan.at, event, estimate: scan.estimate }
}

function locationOf(id: PlaceId): SandboxLocation {
  const p = PLACES[id]
  return { city: p.city, region: p.region, postal_code: p.postalCode, country: p.country }
}

function deliveriesOf(
  rng: Rng,
  shipment: SimulatedShipment,
  policy: DeliveryPolicy,
  carrierId: string,
): WebhookDelivery[] {
  const key = shipment.trackingNumber.slice(3)
  const contents = new Map<number, MessageContent>()
  return planMessages(
    rng,
    shipment.scans.map((s) => s.at),
    policy,
  ).map((m) => {
    let content = contents.get(m.index)
    if (!content) {
      content = messageContent(shipment, m.scans, m.createdAt, carrierId)
      contents.set(m.index, content)
    }
    const { update, body } = content
    return {
      id: `msg_${key}_${m.index}`,
      deliverAt: m.deliverAt,
      trackingNumber: shipment.trackingNumber,
      get body() {
        return body()
      },
      update,
      duplicate: m.duplicate,
      late: m.late,
    }
  })
}

interface MessageContent {
  update: TrackingUpdate
  body: () => string
}

/** The body is serialized on first use: pure-update consumers (benchmarks) never pay for it. */
function messageContent(
  shipment: SimulatedShipment,
  scans: readonly number[],
  createdAt: number,
  carrierId: string,
): MessageContent {
  const data = shipmentPayload(
    shipment,
    scans.map((i) => shipment.scans[i] as SimulatedScan),
  )
  let body: string | undefined
  return {
    update: toTrackingUpdate(carrierId, data, 'webhook'),
    body: () =>
      (body ??= JSON.stringify({
        type: 'tracking.updated',
        timestamp: new Date(createdAt).toISOString(),
        data,
      })),
  }
}
