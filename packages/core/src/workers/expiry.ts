import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'

const DAY_MS = 86_400_000

/**
 * How long a shipment may go without any carrier scan before it is expired: 30 days, as
 * carriers and aggregators drop trackers that never got information.
 */
export const DEFAULT_EXPIRE_AFTER_MS: number = 30 * DAY_MS

/**
 * Whether `shipment` has waited `expireAfterMs` since it was registered without one carrier
 * scan (`null`: never expire).
 * @example isUnscannedTooLong(shipment, new Date(), DEFAULT_EXPIRE_AFTER_MS) // true after 30 silent days
 */
export function isUnscannedTooLong(shipment: Shipment, now: Date, expireAfterMs: number | null): boolean {
  if (expireAfterMs === null || shipment.lastEventAt !== null || shipment.status === 'expired') return false
  return now.getTime() - Date.parse(shipment.createdAt) >= expireAfterMs
}

/**
 * The manual update that ends tracking of a shipment that never got a scan. It goes through the
 * normal ingest, so the history, the outbox row and the events agree: one `expired` event
 * (sub-status `no_information`, raw code `WISMO_EXPIRED`) at `now`.
 * @example await ingest(expiryUpdate(shipment, now, DEFAULT_EXPIRE_AFTER_MS))
 */
export function expiryUpdate(shipment: Shipment, now: Date, expireAfterMs: number): TrackingUpdate {
  return {
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    carrierShipmentId: shipment.carrierShipmentId,
    source: 'manual',
    events: [
      {
        status: 'expired',
        subStatus: 'no_information',
        rawCode: 'WISMO_EXPIRED',
        rawText: `No carrier scan within ${spell(expireAfterMs)}; tracking stopped`,
        occurredAt: now.toISOString(),
      },
    ],
  }
}

/** `30 days`, `1 day`, `36 hours`: whole days when it is some, else hours. */
function spell(ms: number): string {
  const [n, unit] = ms % DAY_MS === 0 ? [ms / DAY_MS, 'day'] : [Math.round(ms / 3_600_000), 'hour']
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}
