import type { z } from 'zod'
import type { Shipment } from './domain/schemas.ts'
import { WismoError } from './errors.ts'
import type { RegisterShipmentSchema } from './wismo-options.ts'

/** A validated registration. */
export type RegisterShipment = z.output<typeof RegisterShipmentSchema>

/**
 * What a registration attaches to a shipment Wismo may already track (first seen by a webhook or
 * poll, or registered before): the order when it has none, the carrier's id when it has none,
 * service and addresses where unknown, and the host's own data (promised date, features,
 * metadata), which the host may change by registering again. `null` when nothing changes.
 * Throws `SHIPMENT_ORDER_CONFLICT` when the shipment belongs to another order.
 * @example attachRegistration(orphan, { orderId: 'A-1', trackingNumber: '1Z…', direction: 'outbound', metadata: {} })
 */
export function attachRegistration(stored: Shipment, r: RegisterShipment): Shipment | null {
  if (stored.orderId && r.orderId && stored.orderId !== r.orderId)
    throw new WismoError(
      'SHIPMENT_ORDER_CONFLICT',
      `Shipment ${stored.carrier}/${stored.trackingNumber} already belongs to order ${stored.orderId}`,
      { details: { shipmentId: stored.id, orderId: stored.orderId, requestedOrderId: r.orderId } },
    )
  const linking = stored.orderId === null && r.orderId !== undefined
  const features = r.features ?? stored.features
  const next: Shipment = {
    ...stored,
    orderId: stored.orderId ?? r.orderId ?? null,
    carrierShipmentId: stored.carrierShipmentId ?? r.carrierShipmentId ?? null,
    service: stored.service ?? r.service ?? null,
    origin: stored.origin ?? r.origin ?? null,
    destination: stored.destination ?? r.destination ?? null,
    direction: linking ? r.direction : stored.direction,
    promisedDate: r.promisedDate ?? stored.promisedDate,
    ...(features ? { features } : {}),
    metadata: { ...stored.metadata, ...r.metadata },
  }
  return JSON.stringify(next) === JSON.stringify(stored) ? null : next
}
