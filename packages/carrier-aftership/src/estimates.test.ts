import { describe, expect, it } from 'vitest'
import { trackingEstimates } from './estimates.ts'
import type { AftershipTracking } from './schema.ts'

const tracking = (fields: Partial<AftershipTracking>): AftershipTracking => ({
  tracking_number: '1234567890',
  ...fields,
})

describe('trackingEstimates', () => {
  it('courier EDD: carrier_scheduled with its window; date-only values stay dates', () => {
    const out = trackingEstimates(
      tracking({
        courier_estimated_delivery_date: {
          estimated_delivery_date: '2026-03-06',
          estimated_delivery_date_min: '2026-03-05',
          estimated_delivery_date_max: '2026-03-06',
        },
      }),
    )
    expect(out).toEqual([
      {
        source: 'carrier_scheduled',
        date: '2026-03-06',
        earliest: '2026-03-05',
        latest: '2026-03-06',
        confidence: 0.75,
      },
    ])
  })

  it('courier window without a single date: the window end is the date; times keep their offset', () => {
    const [e] = trackingEstimates(
      tracking({
        courier_estimated_delivery_date: {
          estimated_delivery_date_min: '2026-02-24T10:00:00-06:00',
          estimated_delivery_date_max: '2026-02-24T14:00:00-06:00',
        },
      }),
    )
    expect(e).toMatchObject({ date: '2026-02-24T14:00:00-06:00', earliest: '2026-02-24T10:00:00-06:00' })
  })

  it('AfterShip AI EDD: model, min/max as earliest/latest, confidence from the code', () => {
    const ai = (confidence_code?: number, confidence_score?: number) =>
      trackingEstimates(
        tracking({
          aftership_estimated_delivery_date: {
            estimated_delivery_date: '2026-03-05',
            estimated_delivery_date_min: '2026-03-04',
            estimated_delivery_date_max: '2026-03-07',
            confidence_code,
            confidence_score,
          },
        }),
      )[0]
    expect(ai(10000)).toEqual({
      source: 'model',
      date: '2026-03-05',
      earliest: '2026-03-04',
      latest: '2026-03-07',
      confidence: 0.85,
    })
    expect(ai(20001)?.confidence).toBe(0.7)
    expect(ai(30004)?.confidence).toBe(0.55)
    expect(ai(99999)?.confidence).toBe(0.6)
    expect(ai(undefined, 0.8)?.confidence).toBe(0.8)
  })

  it('custom EDD and the order’s promised date: host_promised', () => {
    const out = trackingEstimates(
      tracking({
        custom_estimated_delivery_date: {
          type: 'range',
          datetime_min: '2026-03-05',
          datetime_max: '2026-03-09',
        },
        order_promised_delivery_date: '2026-03-07',
      }),
    )
    expect(out).toEqual([
      {
        source: 'host_promised',
        date: '2026-03-09',
        earliest: '2026-03-05',
        latest: '2026-03-09',
        confidence: 0.45,
      },
      { source: 'host_promised', date: '2026-03-07', confidence: 0.5 },
    ])
  })

  it('latest_estimated_delivery by its source; a moved carrier date is carrier_rescheduled', () => {
    const latest = (source: string, first?: string) =>
      trackingEstimates(
        tracking({
          latest_estimated_delivery: { type: 'specific', source, datetime: '2026-03-08' },
          ...(first ? { first_estimated_delivery: { type: 'specific', source, datetime: first } } : {}),
        }),
      )
    expect(latest('Carrier EDD')[0]?.source).toBe('carrier_scheduled')
    expect(latest('Carrier EDD', '2026-03-08')[0]?.source).toBe('carrier_scheduled')
    expect(latest('Carrier EDD', '2026-03-06')[0]).toEqual({
      source: 'carrier_rescheduled',
      date: '2026-03-08',
      confidence: 0.8,
    })
    expect(latest('AfterShip EDD')[0]?.source).toBe('model')
    expect(latest('Custom EDD')[0]?.source).toBe('host_promised')
    expect(latest('Something else')).toEqual([])
  })

  it('drops duplicates and unreadable dates', () => {
    const out = trackingEstimates(
      tracking({
        courier_estimated_delivery_date: { estimated_delivery_date: '2026-03-06' },
        latest_estimated_delivery: { source: 'Carrier EDD', datetime: '2026-03-06' },
        order_promised_delivery_date: 'soon',
        custom_estimated_delivery_date: { datetime: '2026-13-40' },
      }),
    )
    expect(out).toEqual([{ source: 'carrier_scheduled', date: '2026-03-06', confidence: 0.75 }])
  })
})
