import { describe, expect, it } from 'vitest'
import { alertEstimates, packageEstimates } from './estimates.ts'

describe('package estimates', () => {
  it('turns SDD and RDD into scheduled and rescheduled dates, skipping DEL', () => {
    const estimates = packageEstimates({
      deliveryDate: [
        { type: 'SDD', date: '20260305' },
        { type: 'RDD', date: '20260306' },
        { type: 'DEL', date: '20260306' },
      ],
    })
    expect(estimates).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.75 },
      { source: 'carrier_rescheduled', date: '2026-03-06', confidence: 0.8 },
    ])
  })

  it('puts a delivery window on the newest date, as local times', () => {
    const [, window] = packageEstimates({
      deliveryDate: [{ type: 'SDD', date: '20260305' }],
      deliveryTime: { type: 'EDW', startTime: '130000', endTime: '170000' },
    })
    expect(window).toEqual({
      source: 'carrier_window',
      date: '2026-03-05',
      earliest: '2026-03-05T13:00:00',
      latest: '2026-03-05T17:00:00',
      confidence: 0.7,
    })
  })

  it('reads a commit time as a guarantee; EOD and DEL times add nothing', () => {
    const sdd = [{ type: 'SDD', date: '20260310' }]
    expect(
      packageEstimates({ deliveryDate: sdd, deliveryTime: { type: 'CMT', endTime: '103000' } })[1],
    ).toEqual({
      source: 'carrier_guaranteed',
      date: '2026-03-10',
      latest: '2026-03-10T10:30:00',
      confidence: 0.9,
    })
    expect(packageEstimates({ deliveryDate: sdd, deliveryTime: { type: 'EOD', endTime: '' } })).toHaveLength(
      1,
    )
  })

  it('skips the "string" placeholders of UPS documentation samples', () => {
    expect(
      packageEstimates({
        deliveryDate: [{ date: 'string', type: 'string' }],
        deliveryTime: { type: 'string', startTime: 'string', endTime: 'string' },
      }),
    ).toEqual([])
  })
})

describe('Track Alert estimates', () => {
  const alert = { trackingNumber: '1Z', activityStatus: { type: 'I' } }
  it('reads the scheduled date and window, and none once delivered', () => {
    expect(
      alertEstimates({
        ...alert,
        scheduledDeliveryDate: '20240423',
        deliveryStartTime: '150000',
        deliveryEndTime: '170000',
      }),
    ).toHaveLength(2)
    expect(alertEstimates({ ...alert, scheduledDeliveryDate: '' })).toEqual([])
    expect(
      alertEstimates({ ...alert, scheduledDeliveryDate: '20240423', actualDeliveryDate: '20240423' }),
    ).toEqual([])
  })
})
