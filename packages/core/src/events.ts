import type { Feedback, Shipment, TrackingEvent } from './domain/schemas.ts'
import type { Status } from './domain/status.ts'
import type { EtaSignal } from './eta/types.ts'
import type { DeliveryEvent } from './notify/contract.ts'

export interface ShipmentChange {
  shipment: Shipment
  /** The shipment before this ingest (`null` when it was created by it). */
  previous: Shipment | null
  /** Events that were new in this ingest, in timeline order. */
  newEvents: TrackingEvent[]
}

/** A customer rated a delivered shipment, or changed their rating. */
export interface FeedbackGiven {
  shipment: Shipment
  /** The feedback as stored. */
  feedback: Feedback
  /** What was stored before this change (`null` for the first rating). */
  previous: Feedback | null
}

export interface StatusChange extends ShipmentChange {
  from: Status
  to: Status
}

/** A delay, stall or trending-late signal that newly fired (once per episode). */
export interface SignalFired {
  shipment: Shipment
  signal: EtaSignal
  /** ISO instant it fired. */
  at: string
  reason: string
}

/**
 * The typed events a Wismo instance emits after each durable write.
 * @example wismo.on('shipment.delivered', ({ shipment }) => console.log(shipment.trackingNumber))
 */
export interface WismoEvents {
  'shipment.created': (e: { shipment: Shipment }) => void
  'shipment.updated': (e: ShipmentChange) => void
  'shipment.status_changed': (e: StatusChange) => void
  'shipment.delivered': (e: StatusChange) => void
  'shipment.exception': (e: StatusChange) => void
  'shipment.returned': (e: StatusChange) => void
  'shipment.eta_changed': (e: ShipmentChange) => void
  /** The carrier reported a delay, or the best estimate passed the promised date. */
  'shipment.delayed': (e: SignalFired) => void
  /** No scan for longer than the lane usually stays silent (fired by `workers.detectSignals` or an ingest). */
  'shipment.stalled': (e: SignalFired) => void
  /** The model says the promise is likely to be missed. */
  'shipment.trending_late': (e: SignalFired) => void
  /** The customer rated a delivered shipment (or edited the rating) on the tracking page. */
  'shipment.feedback': (e: FeedbackGiven) => void
  /** A notification provider reported what became of a message (delivered, bounced, opted out…). */
  'notification.delivery': (e: { provider: string; event: DeliveryEvent }) => void
}

export type WismoEventName = keyof WismoEvents

/** The event (and outbox topic) of each signal. */
export const SIGNAL_EVENTS = {
  delayed: 'shipment.delayed',
  stalled: 'shipment.stalled',
  trending_late: 'shipment.trending_late',
} as const satisfies Record<EtaSignal, WismoEventName>

/** Which extra event a status change also raises: data, not a switch. */
export const STATUS_EVENTS: Partial<Record<Status, WismoEventName>> = {
  delivered: 'shipment.delivered',
  exception: 'shipment.exception',
  returned: 'shipment.returned',
}
