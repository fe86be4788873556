import { describe, expect, it } from 'vitest'
import { shippoEtaDate, trackEstimates } from './time.ts'

describe('Shippo ETAs', () => {
  it.each([
    // goshippo/shippo-node-client#52: a carrier date arrives as midnight UTC.
    ['2019-08-09T00:00:00Z', '2019-08-09'],
    ['2019-08-09T00:00:00.000Z', '2019-08-09'],
    ['2019-08-09T00:00:00+00:00', '2019-08-09'],
    ['2019-08-09', '2019-08-09'],
    ['2023-11-07T05:31:56Z', '2023-11-07T05:31:56Z'],
    ['2019-08-09T00:00:00-06:00', '2019-08-09T00:00:00-06:00'],
    ['not a date', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(shippoEtaDate(input)).toBe(expected)
  })

  it('gives eta as carrier_scheduled, after a different original_eta', () => {
    expect(trackEstimates('2026-03-06T00:00:00Z', '2026-03-05T00:00:00Z')).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.5 },
      { source: 'carrier_scheduled', date: '2026-03-06', confidence: 0.7 },
    ])
    expect(trackEstimates('2026-03-06', '2026-03-06T00:00:00Z')).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-06', confidence: 0.7 },
    ])
    expect(trackEstimates(null, '2026-03-05')).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.5 },
    ])
    expect(trackEstimates(null, undefined)).toEqual([])
  })
})
