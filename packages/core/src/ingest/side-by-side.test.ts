import { describe, expect, it } from 'vitest'
import { defineCarrier } from '../carrier/define-carrier.ts'
import { sameScanAcrossSources } from '../domain/dedup.ts'
import type { TrackingUpdate } from '../domain/schemas.ts'
import { acmeCarrier } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

/** An aggregator tracking other carriers' parcels: its webhooks cover the whole account. */
const hub = defineCarrier({
  id: 'hub',
  capabilities: { track: true, webhooks: true, accountWebhooks: true },
  setup: () => ({ track: async () => [] }),
})

const NUMBER = 'ACME00000042'
const place = (city: string, postalCode: string) => ({ city, postalCode, country: 'US' })

/** The carrier's own scans: its codes, local times with their offset. */
const direct: TrackingUpdate = {
  carrier: 'acme',
  trackingNumber: NUMBER,
  source: 'poll',
  events: [
    {
      status: 'in_transit',
      rawCode: 'PU',
      rawText: 'Picked up',
      occurredAt: '2026-03-02T09:15:30-05:00',
      location: place('Boston', '02210'),
    },
    {
      status: 'in_transit',
      rawCode: 'AR',
      rawText: 'Arrived',
      occurredAt: '2026-03-03T04:02:10-06:00',
      location: place('Chicago', '60666'),
    },
  ],
}

/** The same parcel through the aggregator: its codes, UTC times without seconds, and one scan more. */
const aggregated: TrackingUpdate = {
  carrier: 'hub',
  trackingNumber: NUMBER,
  carrierShipmentId: 'trk_9',
  trackingCarrier: 'acme',
  source: 'webhook',
  events: [
    {
      status: 'in_transit',
      rawCode: 'in_transit:picked_up',
      rawText: 'Picked up',
      occurredAt: '2026-03-02T14:15:00Z',
      location: place('BOSTON', '02210'),
    },
    {
      status: 'in_transit',
      rawCode: 'in_transit:arrived_at_facility',
      rawText: 'Arrived at facility',
      occurredAt: '2026-03-03T10:02:00Z',
      location: place('CHICAGO', '60666'),
    },
    {
      status: 'out_for_delivery',
      rawCode: 'out_for_delivery',
      rawText: 'Out for delivery',
      occurredAt: '2026-03-04T13:00:00Z',
      location: place('DENVER', '80249'),
    },
  ],
}

describe('a carrier and an aggregator side by side', () => {
  it('file the aggregator’s webhooks under the carrier’s shipment, each scan once', async () => {
    const wismo = createWismo({ carriers: [acmeCarrier({ apiKey: 'secret-key-123' }), hub()] })
    const registered = await wismo.registerShipment({ trackingNumber: NUMBER, carrier: 'acme' })
    const pushed = await wismo.ingest(aggregated)
    expect(pushed.shipment?.id).toBe(registered.id)
    expect(pushed.newEvents).toHaveLength(3)
    expect(pushed.newEvents.every((e) => e.via === 'hub')).toBe(true)
    const polled = await wismo.ingest(direct)
    // Both of the carrier's scans were already reported by the aggregator.
    expect(polled.newEvents).toHaveLength(0)
    const { shipment, timeline } = await wismo.getShipment(registered.id)
    expect(timeline.map((e) => e.rawCode)).toEqual([
      'in_transit:picked_up',
      'in_transit:arrived_at_facility',
      'out_for_delivery',
    ])
    expect(shipment).toMatchObject({ carrier: 'acme', status: 'out_for_delivery', carrierShipmentId: null })
    expect((await wismo.store.listShipments({})).items).toHaveLength(1)
  })

  it('keep the carrier’s scans when they come first, and take only the aggregator’s new ones', async () => {
    const wismo = createWismo({ carriers: [acmeCarrier({ apiKey: 'secret-key-123' }), hub()] })
    const registered = await wismo.registerShipment({ trackingNumber: NUMBER, carrier: 'acme' })
    await wismo.ingest(direct)
    const pushed = await wismo.ingest(aggregated)
    expect(pushed.newEvents.map((e) => e.rawCode)).toEqual(['out_for_delivery'])
    expect((await wismo.getShipment(registered.id)).timeline.map((e) => e.via ?? 'acme')).toEqual([
      'acme',
      'acme',
      'hub',
    ])
  })

  it('ignore the aggregator’s webhooks for a parcel nobody registered, under the default', async () => {
    const wismo = createWismo({ carriers: [acmeCarrier({ apiKey: 'secret-key-123' }), hub()] })
    expect((await wismo.ingest(aggregated)).outcome).toBe('ignored')
  })
})

describe('sameScanAcrossSources', () => {
  const scan = (occurredAt: string, city = 'Chicago') => ({
    status: 'in_transit' as const,
    occurredAt,
    location: place(city, ''),
  })
  it('matches instants within a minute, wall clocks of local times, and the same date', () => {
    expect(sameScanAcrossSources(scan('2026-03-03T04:02:10-06:00'), scan('2026-03-03T10:02:00Z'))).toBe(true)
    expect(sameScanAcrossSources(scan('2026-03-03T04:02:10-06:00'), scan('2026-03-03T10:04:00Z'))).toBe(false)
    expect(sameScanAcrossSources(scan('2026-03-03T04:02:10'), scan('2026-03-03T04:02:00-06:00'))).toBe(true)
    expect(sameScanAcrossSources(scan('2026-03-03'), scan('2026-03-03'))).toBe(true)
    expect(sameScanAcrossSources(scan('2026-03-03'), scan('2026-03-03T04:02:00-06:00'))).toBe(false)
  })
  it('keeps apart other places, other milestones, and a UTC instant against a local time', () => {
    expect(
      sameScanAcrossSources(scan('2026-03-03T10:02:00Z', 'Chicago'), scan('2026-03-03T10:02:00Z', 'Denver')),
    ).toBe(false)
    expect(
      sameScanAcrossSources(scan('2026-03-03T10:02:00Z'), {
        ...scan('2026-03-03T10:02:00Z'),
        status: 'out_for_delivery',
      }),
    ).toBe(false)
    // 04:02 in Chicago is 10:02 UTC, but a local time alone cannot say so: kept apart.
    expect(sameScanAcrossSources(scan('2026-03-03T04:02:00'), scan('2026-03-03T10:02:00Z'))).toBe(false)
  })
})
