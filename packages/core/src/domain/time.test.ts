import { describe, expect, it } from 'vitest'
import { localDate, parseCarrierTime, timeKey } from './time.ts'

describe('carrier times', () => {
  it('reads instants with offsets and keeps the offset', () => {
    expect(parseCarrierTime('2024-05-02T14:03:00-05:00')).toEqual({
      kind: 'instant',
      sortKey: Date.UTC(2024, 4, 2, 19, 3),
      offsetMinutes: -300,
    })
    expect(parseCarrierTime('2024-05-02T14:03:00.5Z')?.sortKey).toBe(Date.UTC(2024, 4, 2, 14, 3, 0, 500))
  })

  it('keeps local times and dates without inventing an offset', () => {
    expect(parseCarrierTime('2024-05-02T14:03')).toMatchObject({ kind: 'local', offsetMinutes: null })
    expect(parseCarrierTime('2024-05-02')).toMatchObject({ kind: 'date', sortKey: Date.UTC(2024, 4, 2) })
    expect(localDate('2024-05-02T23:59:00+14:00')).toBe('2024-05-02')
  })

  it.each([
    '2024-02-30',
    '2024-13-01',
    '2024-05-02T24:00:00Z',
    '2024-05-02T10:00:00+19:00',
    '2024-05-02 10:00',
    '02/05/2024',
    '',
    '1969-12-31',
  ])('rejects %j', (value) => {
    expect(parseCarrierTime(value)).toBeNull()
    expect(() => timeKey(value)).toThrow()
  })

  it('orders the same instant written in two zones equally', () => {
    expect(timeKey('2024-05-02T23:30:00-05:00')).toBe(timeKey('2024-05-03T04:30:00Z'))
  })
})
