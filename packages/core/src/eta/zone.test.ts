import { describe, expect, it } from 'vitest'
import {
  addDays,
  daysBetween,
  localDateOf,
  localMinutesOf,
  weekdayOf,
  zonedTimeToInstant,
  zoneOffsetMinutes,
} from './zone.ts'

describe('time zones', () => {
  it('reads offsets with daylight saving time', () => {
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2024-01-15T12:00:00Z'))).toBe(60)
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2024-07-15T12:00:00Z'))).toBe(120)
    expect(zoneOffsetMinutes('America/Sao_Paulo', Date.parse('2017-11-20T12:00:00Z'))).toBe(-120)
    expect(zoneOffsetMinutes('America/Sao_Paulo', Date.parse('2017-08-20T12:00:00Z'))).toBe(-180)
  })

  it('gives the local date of an instant, which can differ from the UTC date', () => {
    const ms = Date.parse('2024-03-01T02:00:00Z')
    expect(localDateOf(ms, 'America/New_York')).toBe('2024-02-29')
    expect(localDateOf(ms, 'Asia/Tokyo')).toBe('2024-03-01')
    expect(localMinutesOf(ms, 'Asia/Tokyo')).toBe(11 * 60)
  })

  it('turns local wall-clock times into instants, including DST gaps and overlaps', () => {
    expect(new Date(zonedTimeToInstant('2024-07-01', 9 * 60, 'Europe/Berlin')).toISOString()).toBe(
      '2024-07-01T07:00:00.000Z',
    )
    // 02:30 does not exist on 2024-03-31 in Berlin: read with the offset before the change.
    expect(new Date(zonedTimeToInstant('2024-03-31', 150, 'Europe/Berlin')).toISOString()).toBe(
      '2024-03-31T01:30:00.000Z',
    )
    // 02:30 happens twice on 2024-10-27: the earlier instant wins.
    expect(new Date(zonedTimeToInstant('2024-10-27', 150, 'Europe/Berlin')).toISOString()).toBe(
      '2024-10-27T00:30:00.000Z',
    )
  })

  it('does date arithmetic on local dates', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01')
    expect(weekdayOf('2024-07-01')).toBe(1)
    expect(daysBetween('2024-12-30', '2025-01-02')).toBe(3)
  })

  it('refuses an unknown zone with CONFIG_INVALID', () => {
    expect(() => localDateOf(0, 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})
