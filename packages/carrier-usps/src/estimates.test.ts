import { describe, expect, it } from 'vitest'
import { uspsEstimates } from './estimates.ts'

const base = { trackingNumber: '9400111206206406260787' }

describe('uspsEstimates', () => {
  it('expected date → carrier_scheduled as a local date; predicted date + window → carrier_window', () => {
    expect(
      uspsEstimates({
        ...base,
        expectedDeliveryTimeStamp: '2026-03-04T00:00:00',
        predictedDeliveryDate: '2026-03-04',
        predictedDeliveryWindowStartTime: '10:30 AM',
        predictedDeliveryWindowEndTime: '2:30 PM',
      }),
    ).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-04', confidence: 0.8 },
      {
        source: 'carrier_window',
        date: '2026-03-04',
        earliest: '2026-03-04T10:30:00',
        latest: '2026-03-04T14:30:00',
        confidence: 0.75,
      },
    ])
  })

  it('guaranteed date with a time → carrier_guaranteed with that time as the latest', () => {
    expect(uspsEstimates({ ...base, guaranteedDeliveryTimeStamp: '2026-03-06T17:00:00' })).toEqual([
      { source: 'carrier_guaranteed', date: '2026-03-06', latest: '2026-03-06T17:00:00', confidence: 0.95 },
    ])
    expect(uspsEstimates({ ...base, guaranteedDeliveryTimeStamp: '2026-03-06T00:00:00' })).toEqual([
      { source: 'carrier_guaranteed', date: '2026-03-06', confidence: 0.95 },
    ])
  })

  it('ignores unreadable values and a window that ends before it starts; reads the deprecated predicted stamp', () => {
    expect(
      uspsEstimates({
        ...base,
        expectedDeliveryTimeStamp: 'string',
        predictedDeliveryTimeStamp: '2026-03-05T00:00:00',
        predictedDeliveryWindowStartTime: '4:00 PM',
        predictedDeliveryWindowEndTime: '9:00 AM',
      }),
    ).toEqual([{ source: 'carrier_window', date: '2026-03-05', confidence: 0.7 }])
    expect(uspsEstimates(base)).toEqual([])
  })
})
