import { describe, expect, it } from 'vitest'
import { dhlTime, estimateDay } from './time.ts'

describe('dhlTime: DHL timestamps kept in their own zone', () => {
  it.each([
    ['2018-03-02T07:53:47Z', '2018-03-02T07:53:47Z'], // UTC stays UTC
    ['2018-03-02T07:53:47', '2018-03-02T07:53:47'], // local, no offset given
    ['2026-03-03T09:41:00+01:00', '2026-03-03T09:41:00+01:00'], // offset kept, not converted
    ['2026-03-03T09:41:00-0500', '2026-03-03T09:41:00-05:00'], // offset without colon
    ['2023-01-29 16:02:00', '2023-01-29T16:02:00'], // space instead of T
    ['2026-03-03T09:41', '2026-03-03T09:41'],
    ['2026-03-03T09:41:00.123Z', '2026-03-03T09:41:00.123Z'],
    ['2026-03-03', '2026-03-03'],
    [' 2026-03-03T09:41:00z ', '2026-03-03T09:41:00Z'],
  ])('%s → %s', (input, expected) => {
    expect(dhlTime(input)).toBe(expected)
  })

  it.each([
    '',
    'yesterday',
    '03/02/2026',
    '2026-02-30T10:00:00',
    '2026-03-03T25:00:00',
    '2026-03-03T10:00:00+19:00',
  ])('refuses %j', (input) => {
    expect(dhlTime(input)).toBeNull()
  })
})

describe('estimateDay', () => {
  it('reads a midnight estimate as that day, whatever its zone', () => {
    expect(estimateDay('2018-08-03T00:00:00Z')).toBe('2018-08-03')
    expect(estimateDay('2018-08-03T00:00:00+02:00')).toBe('2018-08-03')
    expect(estimateDay('2018-08-03T00:00')).toBe('2018-08-03')
  })

  it('keeps any other time as given', () => {
    expect(estimateDay('2026-03-06T18:00:00')).toBe('2026-03-06T18:00:00')
    expect(estimateDay('2026-03-06T00:00:01Z')).toBe('2026-03-06T00:00:01Z')
  })
})
