import { describe, expect, it } from 'vitest'
import { fixture } from '../test/easypost-api.ts'
import { type EasypostTracker, EasypostTrackerSchema } from './schema.ts'
import { easypostStatusMapper } from './status-map.ts'
import { asDate, trackerEstimates, trackerUpdates } from './tracker.ts'

const map = easypostStatusMapper()
const read = (name: string) => EasypostTrackerSchema.parse(fixture(name))
const ctx = { map, source: 'poll' as const, trackerIds: true }

describe('a tracker as a tracking update', () => {
  it('keeps scans, places, the service and typed estimates', () => {
    const [update] = trackerUpdates([read('tracker-in-transit.json')], ctx)
    expect(update).toMatchObject({
      carrier: 'easypost',
      trackingNumber: 'EZ2000000002',
      carrierShipmentId: 'trk_2b7f0c9d4e5a4f1b8c3d2e1f0a9b8c7d',
      source: 'poll',
      service: 'USPS GroundAdvantage',
      origin: { city: 'HOUSTON', region: 'TX', postalCode: '77063', country: 'US' },
      destination: { city: 'CHARLESTON', region: 'SC', postalCode: '29401', country: 'US' },
      estimates: [
        { source: 'carrier_scheduled', date: '2026-03-06T20:00:00', confidence: 0.75 },
        { source: 'carrier_guaranteed', date: '2026-03-07', confidence: 0.9 },
      ],
    })
    expect(update?.events.map((e) => [e.status, e.subStatus, e.rawCode])).toEqual([
      ['info_received', 'label_created', 'pre_transit:label_created'],
      ['in_transit', 'picked_up', 'in_transit:received_at_origin_facility'],
      ['in_transit', 'departed_facility', 'in_transit:departed_facility'],
      ['exception', 'weather_delay', 'in_transit:weather_delay'],
    ])
    expect(update?.events[3]).toMatchObject({
      rawText: 'Delayed due to weather',
      occurredAt: '2026-03-04T09:12:00Z',
      location: { city: 'MEMPHIS', region: 'TN', country: 'US' },
    })
  })

  it('leaves the tracker id out when trackerIds is off', () => {
    const [update] = trackerUpdates([read('tracker-in-transit.json')], { ...ctx, trackerIds: false })
    expect(update).not.toHaveProperty('carrierShipmentId')
  })

  it('keeps a provider event id when a scan has one, once per update', () => {
    const t = read('tracker-in-transit.json')
    const details = t.tracking_details.map((d, i) => ({ ...d, id: i < 2 ? 'det_1' : `det_${i}` }))
    const [update] = trackerUpdates([{ ...t, tracking_details: details }], ctx)
    expect(update?.events.map((e) => e.providerEventId)).toEqual(['det_1', undefined, 'det_2', 'det_3'])
  })

  it('drops a scan whose time cannot be read, keeping the rest', () => {
    const t = read('tracker-in-transit.json')
    const details = t.tracking_details.map((d, i) => (i === 0 ? { ...d, datetime: 'yesterday' } : d))
    expect(trackerUpdates([{ ...t, tracking_details: details }], ctx)[0]?.events).toHaveLength(3)
  })

  it('merges trackers of one code: scans once each, the oldest tracker id kept', () => {
    const t = read('tracker-in-transit.json')
    const older: EasypostTracker = {
      ...t,
      id: 'trk_older',
      created_at: '2026-03-01T00:00:00Z',
      updated_at: '2026-03-03T00:00:00Z',
      tracking_details: t.tracking_details.slice(0, 2),
      carrier_detail: null,
    }
    // Same scans written with another time notation are the same scans.
    const respelled = t.tracking_details.map((d) => ({
      ...d,
      datetime: d.datetime.replace('Z', '.000+00:00'),
    }))
    const updates = trackerUpdates([{ ...t, tracking_details: respelled }, older], ctx)
    expect(updates).toHaveLength(1)
    expect(updates[0]?.carrierShipmentId).toBe('trk_older')
    expect(updates[0]?.events).toHaveLength(4)
    expect(updates[0]?.service).toBe('USPS GroundAdvantage')
  })
})

describe('EasyPost dates', () => {
  it('keeps a date as a date and reads midnight UTC as the date it spells', () => {
    expect(asDate('2024-08-05')).toBe('2024-08-05')
    expect(asDate('2024-08-05T00:00:00Z')).toBe('2024-08-05')
    expect(asDate('2024-08-05T00:00:00.000Z')).toBe('2024-08-05')
    expect(asDate('2025-05-09T20:40:17Z')).toBe('2025-05-09T20:40:17Z')
    expect(asDate('soon')).toBeNull()
    expect(asDate(null)).toBeNull()
  })

  it('prefers the carrier’s local date to est_delivery_date, and keeps a local date without time', () => {
    const estimates = trackerEstimates({
      est_delivery_date: '2024-08-05T00:00:00Z',
      carrier_detail: { est_delivery_date_local: '2024-08-06', est_delivery_time_local: null },
    })
    expect(estimates).toEqual([{ source: 'carrier_scheduled', date: '2024-08-06', confidence: 0.75 }])
    expect(trackerEstimates({ est_delivery_date: null, carrier_detail: null })).toEqual([])
  })
})
