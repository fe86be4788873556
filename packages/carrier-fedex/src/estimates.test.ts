import { describe, expect, it } from 'vitest'
import { estimatesOf, estimateTime } from './estimates.ts'

describe('estimateTime', () => {
  it.each([
    ['2024-04-26T00:00:00-06:00', '2024-04-26'], // a date FedEx wrote as midnight Memphis time
    ['2024-04-26T00:00:00', '2024-04-26'],
    ['2024-04-26T00:00:00Z', '2024-04-26'],
    ['2024-04-25T10:30:00-07:00', '2024-04-25T10:30:00-07:00'], // a real commit time: kept
    ['2021-10-01T08:00:00', '2021-10-01T08:00:00'],
    ['string', undefined], // documentation placeholder
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (input, expected) => {
    expect(estimateTime(input)).toBe(expected)
  })
})

describe('estimatesOf', () => {
  it('reads estimated, appointment and commitment dates; ignores facts like SHIP or ACTUAL_DELIVERY', () => {
    const estimates = estimatesOf({
      dateAndTimes: [
        { type: 'ESTIMATED_DELIVERY', dateTime: '2026-02-05T00:00:00-06:00' },
        { type: 'APPOINTMENT_DELIVERY', dateTime: '2026-02-06T14:00:00-05:00' },
        { type: 'COMMITMENT', dateTime: '2026-02-05T10:30:00-05:00' },
        { type: 'SHIP', dateTime: '2026-02-02T00:00:00-06:00' },
        { type: 'ACTUAL_DELIVERY', dateTime: '2026-02-05T09:12:00-05:00' },
      ],
    })
    expect(estimates).toEqual([
      { source: 'carrier_scheduled', date: '2026-02-05', confidence: 0.7 },
      { source: 'carrier_scheduled', date: '2026-02-06T14:00:00-05:00', confidence: 0.85 },
      { source: 'carrier_guaranteed', date: '2026-02-05T10:30:00-05:00', confidence: 0.8 },
    ])
  })

  it('turns the estimated delivery window into a carrier_window, and skips an empty one', () => {
    const window = { window: { begins: '2026-02-05T09:00:00-05:00', ends: '2026-02-05T13:00:00-05:00' } }
    expect(estimatesOf({ estimatedDeliveryTimeWindow: window })).toEqual([
      {
        source: 'carrier_window',
        date: '2026-02-05T13:00:00-05:00',
        earliest: '2026-02-05T09:00:00-05:00',
        latest: '2026-02-05T13:00:00-05:00',
        confidence: 0.75,
      },
    ])
    expect(estimatesOf({ estimatedDeliveryTimeWindow: { window: {} } })).toEqual([])
  })

  it('uses the standard transit window only when FedEx gives no estimate', () => {
    const standardTransitTimeWindow = { window: { ends: '2026-02-07T00:00:00-06:00' } }
    expect(estimatesOf({ standardTransitTimeWindow })).toEqual([
      { source: 'carrier_scheduled', date: '2026-02-07', confidence: 0.5 },
    ])
    const withEstimate = estimatesOf({
      standardTransitTimeWindow,
      dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-02-06T00:00:00-06:00' }],
    })
    expect(withEstimate.map((e) => e.date)).toEqual(['2026-02-06'])
  })
})
