import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calendarRegistry, createCalendar } from './calendar.ts'
import { zonedTimeToInstant } from './zone.ts'

const SP = 'America/Sao_Paulo'
const at = (date: string, hh: number, mm = 0) => zonedTimeToInstant(date, hh * 60 + mm, SP)

describe('business calendars', () => {
  const br = createCalendar({ country: 'BR', region: 'SP', timeZone: SP })

  it('skips weekends and public holidays from date-holidays', () => {
    expect(br.isWorkingDay('2017-11-14')).toBe(true)
    expect(br.isWorkingDay('2017-11-15')).toBe(false) // Proclamação da República
    expect(br.isWorkingDay('2017-11-18')).toBe(false) // Saturday
    expect(br.isWorkingDay('2017-07-10')).toBe(true)
    expect(br.addWorkingDays('2017-11-14', 1)).toBe('2017-11-16')
    expect(br.nextWorkingDay('2017-11-18')).toBe('2017-11-20')
  })

  it('counts bank holidays such as Carnival by default, and regional holidays by state', () => {
    expect(br.isWorkingDay('2017-02-28')).toBe(false)
    expect(
      createCalendar({ country: 'BR', holidayTypes: ['public'], timeZone: SP }).isWorkingDay('2017-02-28'),
    ).toBe(true)
    expect(br.isWorkingDay('2017-07-10')).toBe(true)
    const rj = createCalendar({ country: 'BR', region: 'RJ', timeZone: SP })
    expect(rj.isWorkingDay('2018-04-23')).toBe(false) // Dia de São Jorge, Rio de Janeiro only
    expect(br.isWorkingDay('2018-04-23')).toBe(true)
  })

  it('starts transit on the next working day after the cut-off or on a closed day', () => {
    const cal = createCalendar({ country: 'BR', timeZone: SP, cutoff: '14:00' })
    expect(cal.transitStart(at('2017-11-17', 13, 59))).toBe(at('2017-11-17', 13, 59))
    expect(cal.transitStart(at('2017-11-17', 14))).toBe(at('2017-11-20', 0))
    expect(cal.transitStart(at('2017-11-14', 16))).toBe(at('2017-11-16', 0)) // 15th is a holiday
    expect(cal.transitStart(at('2017-11-18', 9))).toBe(at('2017-11-20', 0)) // Saturday
  })

  it('measures working time between instants and adds it back', () => {
    expect(br.workTimeBetween(at('2017-11-17', 12), at('2017-11-21', 12))).toBeCloseTo(2, 9)
    expect(br.workTimeBetween(at('2017-11-14', 0), at('2017-11-17', 0))).toBeCloseTo(2, 9)
    expect(br.addWorkTime(at('2017-11-17', 12), 2)).toBe(at('2017-11-21', 12))
  })

  it('round-trips addWorkTime and workTimeBetween (property)', () => {
    const from = Date.parse('2017-01-02T00:00:00Z')
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 * 24 * 60 }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (minutes, days) => {
          const start = br.transitStart(from + minutes * 60_000)
          expect(br.workTimeBetween(start, br.addWorkTime(start, days))).toBeCloseTo(days, 6)
        },
      ),
    )
  })

  it('keeps dates local to its zone', () => {
    const late = Date.parse('2017-11-21T01:30:00Z') // 23:30 on the 20th in São Paulo
    expect(br.localDate(late)).toBe('2017-11-20')
    expect(createCalendar({ timeZone: 'Asia/Tokyo' }).localDate(late)).toBe('2017-11-21')
  })

  it('rejects bad options with CONFIG_INVALID', () => {
    expect(() => createCalendar({ cutoff: '25:00' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    expect(() => createCalendar({ country: 'XX' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
    expect(() => createCalendar({ workingDays: [] })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })

  it('caches registry calendars and falls back to the national one for unknown regions', () => {
    const calendars = calendarRegistry({ timeZone: SP })
    expect(calendars('BR', 'SP')).toBe(calendars('BR', 'SP'))
    expect(calendars('BR', 'ZZ').isWorkingDay('2017-11-15')).toBe(false)
    expect(calendars(null).isWorkingDay('2017-11-15')).toBe(true)
  })
})
