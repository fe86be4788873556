import type { Shipment, TrackingEvent } from './domain/schemas.ts'
import type { Status } from './domain/status.ts'

export interface ShipmentChange {
  shipment: Shipment
  /** The shipment before this ingest (`null` when it was created by it). */
  previous: Shipment | null
  /** Events that were new in this ingest, in timeline order. */
  newEvents: TrackingEvent[]
}

export interface StatusChange extends ShipmentChange {
  from: Status
  to: Status
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
}

export type WismoEventName = keyof WismoEvents

/** Which extra event a status change also raises: data, not a switch. */
export const STATUS_EVENTS: Partial<Record<Status, WismoEventName>> = {
  delivered: 'shipment.delivered',
  exception: 'shipment.exception',
  returned: 'shipment.returned',
}
