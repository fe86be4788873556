import type { Status } from '../../domain/status.ts'
import type { NotificationContext } from './context.ts'
import type { NotificationTrigger } from './triggers.ts'

/** The status a shipment has when a trigger fires (ETA signals fire while it travels). */
const STATUS_OF: Record<NotificationTrigger, Status> = {
  info_received: 'info_received',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  attempt_failed: 'attempt_failed',
  available_for_pickup: 'available_for_pickup',
  delivered: 'delivered',
  exception: 'exception',
  returned: 'returned',
  eta_changed: 'in_transit',
  delayed: 'in_transit',
  stalled: 'in_transit',
  trending_late: 'in_transit',
  feedback_request: 'delivered',
}

/** Realistic values, on the long side: a long shop name and tracking link, a place, an ETA window. */
export function sampleContext(
  trigger: NotificationTrigger,
  locale: string,
  overrides: Partial<NotificationContext> = {},
): NotificationContext {
  return {
    shop: {
      name: 'Northwind Outdoor Outfitters',
      logoUrl: 'https://cdn.northwind-outfitters.com/logo.png',
      colour: '#0f766e',
      supportEmail: 'help@northwind-outfitters.com',
    },
    customer: { name: 'Maria Fernanda Souza', locale, timeZone: 'Europe/Berlin' },
    shipment: {
      carrierName: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      status: STATUS_OF[trigger],
      service: 'UPS Standard',
    },
    eta: { date: '2026-03-05', earliest: '2026-03-03', confidence: 0.8 },
    latestScan: {
      text: 'Departed from facility',
      place: 'Frankfurt am Main, DE',
      occurredAt: '2026-03-02T14:03:00+01:00',
    },
    trackingUrl: 'https://track.northwind-outfitters.com/t/1Z999AA10123456784',
    trigger,
    ...overrides,
  }
}
