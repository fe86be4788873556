import { describe, expect, it } from 'vitest'
import { carrierTimeToMs, normalizeCarrierEstimates, parseCarrierDate } from './carrier-dates.ts'

describe('carrier dates', () => {
  it.each([
    ['2024-05-02', '2024-05-02'],
    ['20240502', '2024-05-02'],
    ['05/02/2024', '2024-05-02'],
    ['2024-05-02 14:03', '2024-05-02T14:03'],
    ['20240502140300', '2024-05-02T14:03:00'],
    ['2024-05-02T14:03:00+0200', '2024-05-02T14:03:00+02:00'],
    ['2024-05-02T14:03:00-05', '2024-05-02T14:03:00-05:00'],
    ['2024-05-02T14:03:00.123Z', '2024-05-02T14:03:00.123Z'],
  ])('normalizes %s', (input, expected) => {
    expect(parseCarrierDate(input)).toBe(expected)
  })

  it.each(['2024-02-30', '13/01/2024', 'tomorrow', '2024-05-02T25:00', ''])('refuses %j', (input) => {
    expect(parseCarrierDate(input)).toBeNull()
  })

  it('reads local times and dates in the given zone, instants as they are', () => {
    expect(carrierTimeToMs('2024-05-02T14:03:00+02:00', 'Asia/Tokyo')).toBe(
      Date.parse('2024-05-02T12:03:00Z'),
    )
    expect(carrierTimeToMs('2024-05-02T14:03:30', 'Europe/Berlin')).toBe(Date.parse('2024-05-02T12:03:30Z'))
    expect(carrierTimeToMs('2024-05-02', 'Europe/Berlin')).toBe(Date.parse('2024-05-02T10:00:00Z'))
  })

  it('normalizes estimates, stamps madeAt and rejects bad ones with INPUT_INVALID', () => {
    const [e] = normalizeCarrierEstimates(
      [{ source: 'carrier_window', date: '20240502', latest: '2024-05-02 18:00', confidence: 0.8 }],
      '2024-05-01T00:00:00Z',
    )
    expect(e).toEqual({
      source: 'carrier_window',
      date: '2024-05-02',
      earliest: null,
      latest: '2024-05-02T18:00',
      confidence: 0.8,
      madeAt: '2024-05-01T00:00:00Z',
    })
    expect(() =>
      normalizeCarrierEstimates(
        [{ source: 'carrier_scheduled', date: 'soon', confidence: 0.5 }],
        '2024-05-01T00:00:00Z',
      ),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
    expect(() =>
      normalizeCarrierEstimates(
        [{ source: 'carrier_scheduled', date: '2024-05-02', confidence: 2 }],
        '2024-05-01T00:00:00Z',
      ),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })
})
