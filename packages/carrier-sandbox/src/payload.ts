import type { EtaSource, EventSource, Location, TrackingEventInput, TrackingUpdate } from '@wismo/core'
import type { SandboxEstimate, SandboxEvent, SandboxLocation, SandboxShipmentPayload } from './schema.ts'
import { mapSandboxCode } from './status-map.ts'

/** How sure the sandbox is of its own estimates (a promise is vaguer than a reschedule). */
const ESTIMATE_META: Record<SandboxEstimate['kind'], { source: EtaSource; confidence: number }> = {
  scheduled: { source: 'carrier_scheduled', confidence: 0.7 },
  rescheduled: { source: 'carrier_rescheduled', confidence: 0.85 },
}

/**
 * Map one sandbox shipment payload (webhook `data` or poll answer) to a Wismo update.
 * `shipment_id` is not passed on as `carrierShipmentId`: sandbox numbers are never reused, and
 * that field makes the id part of the shipment's identity (for carriers like FedEx that reuse
 * numbers), so a host registering the number alone would not find the shipment.
 * @example toTrackingUpdate('sandbox', payload.data, 'webhook').events[0].status // 'in_transit'
 */
export function toTrackingUpdate(
  carrier: string,
  shipment: SandboxShipmentPayload,
  source: EventSource,
): TrackingUpdate {
  const estimate = shipment.estimated_delivery
  return {
    carrier,
    trackingNumber: shipment.tracking_number,
    source,
    service: shipment.service,
    origin: toLocation(shipment.origin),
    destination: toLocation(shipment.destination),
    events: shipment.events.map(toEventInput),
    ...(estimate ? { estimates: [{ date: estimate.date, ...ESTIMATE_META[estimate.kind] }] } : {}),
  }
}

/** One sandbox scan as a Wismo event: status from the status map, raw code and text kept. */
export function toEventInput(event: SandboxEvent): TrackingEventInput {
  return {
    ...mapSandboxCode(event.code),
    rawCode: event.code,
    rawText: event.description,
    occurredAt: event.occurred_at,
    location: event.location ? toLocation(event.location) : null,
    providerEventId: event.id,
    ...(event.piece ? { piece: event.piece } : {}),
  }
}

function toLocation(l: SandboxLocation): Location {
  const out: Location = { city: l.city, country: l.country }
  if (l.region !== undefined) out.region = l.region
  if (l.postal_code !== undefined) out.postalCode = l.postal_code
  return out
}
