import type { NotificationContext } from './context.ts'
import type { NotificationTrigger } from './triggers.ts'

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
      status: 'in_transit',
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
