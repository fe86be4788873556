import { describe, expect, it } from 'vitest'
import { clockTime, datePart, eventTime, normalizeOffset } from './time.ts'

describe('eventTime', () => {
  it('writes the local time with its offset when the offset and the GMT time agree', () => {
    expect(
      eventTime({
        eventTimestamp: '2024-11-22T13:58:00',
        GMTTimestamp: '2024-11-22T18:58:40Z',
        GMTOffset: '-05:00',
      }),
    ).toBe('2024-11-22T13:58:00-05:00')
  })

  it('pads a one-digit offset (-7:00, as in USPS’s own spec)', () => {
    expect(eventTime({ eventTimestamp: '2026-03-03T04:12:00', GMTOffset: '-7:00' })).toBe(
      '2026-03-03T04:12:00-07:00',
    )
  })

  it('derives the offset from the GMT time when GMTOffset is missing or contradicts it', () => {
    expect(eventTime({ eventTimestamp: '2026-03-02T21:05:00', GMTTimestamp: '2026-03-03T05:05:10Z' })).toBe(
      '2026-03-02T21:05:00-08:00',
    )
    // A stale offset (summer time still applied in winter) loses to the GMT instant.
    expect(
      eventTime({
        eventTimestamp: '2026-01-10T09:00:00',
        GMTTimestamp: '2026-01-10T14:00:00Z',
        GMTOffset: '-04:00',
      }),
    ).toBe('2026-01-10T09:00:00-05:00')
    expect(eventTime({ eventTimestamp: '2026-01-10T09:00:00', GMTTimestamp: '2026-01-10T03:30:00Z' })).toBe(
      '2026-01-10T09:00:00+05:30',
    )
  })

  it('keeps a local time without offset when USPS gives nothing else', () => {
    expect(eventTime({ eventTimestamp: '2024-11-15T11:32:00' })).toBe('2024-11-15T11:32:00')
    expect(eventTime({ eventTimestamp: '2024-11-15 11:09:19.000000' })).toBe('2024-11-15T11:09:19.000000')
  })

  it('reads a Z on eventTimestamp as local time (USPS’s README sample), keeps a real offset as written', () => {
    // "USPS is now in possession of your item as of 7:31 am on August 2, 2023 in RICHMOND, VA"
    expect(eventTime({ eventTimestamp: '2023-08-02T07:31:00Z' })).toBe('2023-08-02T07:31:00')
    expect(eventTime({ eventTimestamp: '2023-08-02T07:31:00Z', GMTTimestamp: '2023-08-02T11:31:09Z' })).toBe(
      '2023-08-02T07:31:00-04:00',
    )
    expect(eventTime({ eventTimestamp: '2026-03-04T09:20:00+00:00', GMTOffset: '+00:00' })).toBe(
      '2026-03-04T09:20:00+00:00',
    )
    expect(eventTime({ eventTimestamp: '2024-11-22T13:58:00-05:00', GMTOffset: '-7:00' })).toBe(
      '2024-11-22T13:58:00-05:00',
    )
  })

  it('falls back to GMT for a time-only stamp, and to nothing without any date', () => {
    expect(eventTime({ eventTimestamp: '1:58 pm', GMTTimestamp: '2024-11-22T18:58:40Z' })).toBe(
      '2024-11-22T18:58:40Z',
    )
    expect(eventTime({ eventTimestamp: '1:58 pm' })).toBeNull()
    expect(eventTime({})).toBeNull()
  })
})

describe('helpers', () => {
  it('normalizeOffset', () => {
    expect(normalizeOffset('-5:00')).toBe('-05:00')
    expect(normalizeOffset('+0530')).toBe('+05:30')
    expect(normalizeOffset('-19:00')).toBeNull()
    expect(normalizeOffset('EST')).toBeNull()
  })

  it('datePart never shifts a date to UTC', () => {
    expect(datePart('2026-03-04T23:30:00-07:00')).toBe('2026-03-04')
    expect(datePart('2026-02-30')).toBeNull()
    expect(datePart('string')).toBeNull()
  })

  it('clockTime reads the window bounds', () => {
    expect(clockTime('10:30 AM')).toBe('10:30:00')
    expect(clockTime('2:30 PM')).toBe('14:30:00')
    expect(clockTime('12:00 am')).toBe('00:00:00')
    expect(clockTime('2pm')).toBe('14:00:00')
    expect(clockTime('17:45:10')).toBe('17:45:10')
    expect(clockTime('14')).toBeNull()
    expect(clockTime('13:00 PM')).toBeNull()
    expect(clockTime('string')).toBeNull()
  })
})
