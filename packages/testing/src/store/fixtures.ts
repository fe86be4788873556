import type { Order, Shipment, TrackingEvent } from '@wismo/core'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

/** A valid order with unicode and every optional field set. */
export function orderFixture(overrides: Partial<Order> = {}): Order {
  return {
    id: `ord_${unique()}`,
    customer: {
      name: 'Zoë Ångström 山田',
      email: 'zoe@example.com',
      phone: '+4915112345678',
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
    },
    preferences: { email: true, sms: true, mutedTriggers: ['in_transit'] },
    metadata: { channel: 'web', note: 'ünïcödé ✓' },
    createdAt: '2026-03-01T09:30:00.000Z',
    ...overrides,
  }
}

/** A stored-shape shipment at version 0 with every field populated. */
export function shipmentFixture(overrides: Partial<Shipment> = {}): Shipment {
  return {
    id: `shp_${unique()}`,
    orderId: null,
    carrier: 'sandbox',
    trackingNumber: `SBX${unique().toUpperCase()}`,
    carrierShipmentId: null,
    service: 'ground',
    origin: { city: 'São Paulo', region: 'SP', postalCode: '01310-100', country: 'BR' },
    destination: { city: 'Köln', region: 'NW', postalCode: '50667', country: 'DE', text: 'Domplatte 1' },
    direction: 'outbound',
    status: 'pending',
    subStatus: null,
    statusChangedAt: null,
    lastEventAt: null,
    eta: {
      best: {
        source: 'carrier_scheduled',
        date: '2026-03-05',
        earliest: null,
        latest: null,
        confidence: 0.7,
        madeAt: '2026-03-01T10:00:00.000Z',
      },
      estimates: [
        {
          source: 'carrier_scheduled',
          date: '2026-03-05',
          earliest: null,
          latest: null,
          confidence: 0.7,
          madeAt: '2026-03-01T10:00:00.000Z',
        },
        {
          source: 'carrier_window',
          date: '2026-03-05T09:00:00-05:00',
          earliest: '2026-03-05T09:00:00-05:00',
          latest: '2026-03-05T13:00:00-05:00',
          confidence: 0.9,
          madeAt: '2026-03-01T10:00:00.000Z',
        },
      ],
      revisions: [],
    },
    promisedDate: '2026-03-07',
    metadata: { sku: 'A-1', 'emoji 📦': 'yes' },
    version: 0,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  }
}

/** A scan with a given time as the carrier wrote it. */
export function eventFixture(
  shipment: Shipment,
  n: number,
  occurredAt: string,
  overrides: Partial<TrackingEvent> = {},
): TrackingEvent {
  return {
    shipmentId: shipment.id,
    dedupKey: `${shipment.carrier}:id:${shipment.id}:${n}`,
    status: 'in_transit',
    subStatus: 'arrived_at_facility',
    rawCode: `AR${n}`,
    rawText: `Arrived at facility ${n} — Ankunft im Zentrum`,
    occurredAt,
    location: { city: 'Memphis', region: 'TN', country: 'US' },
    providerEventId: `${shipment.id}:${n}`,
    receivedAt: '2026-03-02T00:00:00.000Z',
    source: 'webhook',
    ...overrides,
  }
}
