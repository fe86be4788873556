/**
 * Business calendars: which local days a carrier works (weekdays minus public holidays from the
 * maintained `date-holidays` tables), the daily cut-off after which a parcel waits for the next
 * working day, and working-time arithmetic between instants in the calendar's time zone.
 */
import Holidays from 'date-holidays'
import { z } from 'zod'
import { WismoError } from '../errors.ts'
import { addDays, assertTimeZone, localDateOf, localMinutesOf, startOfLocalDate, weekdayOf } from './zone.ts'

const HolidayTypeSchema = z.enum(['public', 'bank', 'optional', 'school', 'observance'])

/** Options of {@link createCalendar}, validated with zod. */
export const CalendarOptionsSchema = z
  .object({
    /** ISO 3166-1 alpha-2 country whose holidays apply; `null` for none. */
    country: z.string().length(2).nullish(),
    /** State/province code inside the country (`SP`, `BY`, `CA`) for regional holidays. */
    region: z.string().min(1).max(10).nullish(),
    timeZone: z.string().default('UTC'),
    /** Working weekdays, 0 = Sunday … 6 = Saturday. */
    workingDays: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([1, 2, 3, 4, 5]),
    /** Holiday kinds that stop carriers; `bank` covers days like Carnival in Brazil. */
    holidayTypes: z.array(HolidayTypeSchema).default(['public', 'bank']),
    /** Local `HH:mm` after which a hand-over or order counts from the next working day. */
    cutoff: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm')
      .nullish(),
    /** Extra non-working local dates (`YYYY-MM-DD`), e.g. a carrier's own closures. */
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  })
  .strict()

export type CalendarOptions = z.input<typeof CalendarOptionsSchema>

/**
 * A business calendar. Instants are epoch milliseconds; dates are local `YYYY-MM-DD`.
 * Working time is counted in working days: one working day is one whole local working day.
 */
export interface BusinessCalendar {
  readonly timeZone: string
  isWorkingDay(date: string): boolean
  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): string
  /** `date` moved by `days` working days (`days` ≥ 0; 0 rolls a closed day forward). */
  addWorkingDays(date: string, days: number): string
  /** When transit really starts for something that happened at `ms`: itself, or the next working day's start once past the cut-off or on a closed day. */
  transitStart(ms: number): number
  /** Working days (fractional) elapsed at `ms` since an arbitrary fixed origin: differences are working time. */
  workClock(ms: number): number
  /** Working days (fractional) between two instants. */
  workTimeBetween(fromMs: number, toMs: number): number
  /** The instant `days` working days after `fromMs`. */
  addWorkTime(fromMs: number, days: number): number
  localDate(ms: number): string
  startOfDate(date: string): number
}

const MAX_DAYS = 3660
const DAY_MS = 86_400_000
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

/**
 * Build a business calendar. Throws `CONFIG_INVALID` for a bad zone, country or option.
 * @example
 * const br = createCalendar({ country: 'BR', region: 'SP', timeZone: 'America/Sao_Paulo', cutoff: '14:00' })
 * br.isWorkingDay('2017-11-15') // false: Proclamação da República
 * br.addWorkingDays('2017-11-14', 1) // '2017-11-16'
 */
export function createCalendar(options: CalendarOptions = {}): BusinessCalendar {
  const parsed = CalendarOptionsSchema.safeParse(options)
  if (!parsed.success) {
    throw new WismoError('CONFIG_INVALID', `Invalid calendar options: ${z.prettifyError(parsed.error)}`)
  }
  const o = parsed.data
  assertTimeZone(o.timeZone)
  const holidays = holidayLookup(o.country ?? null, o.region ?? null, o.holidayTypes, o.closedDates)
  const working = new Set(o.workingDays)
  const cutoff = o.cutoff ? Number(o.cutoff.slice(0, 2)) * 60 + Number(o.cutoff.slice(3)) : null
  const tz = o.timeZone
  const isWorkingDay = (date: string) => working.has(weekdayOf(date)) && !holidays(date)
  const startOfDate = (date: string) => startOfLocalDate(date, tz)
  const dayLength = (date: string) => startOfDate(addDays(date, 1)) - startOfDate(date)

  function nextWorkingDay(date: string): string {
    let d = date
    for (let i = 0; i < MAX_DAYS && !isWorkingDay(d); i++) d = addDays(d, 1)
    return d
  }

  function addWorkingDays(date: string, days: number): string {
    let d = nextWorkingDay(date)
    for (let i = 0; i < Math.floor(days); i++) d = nextWorkingDay(addDays(d, 1))
    return d
  }

  function transitStart(ms: number): number {
    const date = localDateOf(ms, tz)
    const open = isWorkingDay(date) && (cutoff === null || localMinutesOf(ms, tz) < cutoff)
    return open ? ms : startOfDate(nextWorkingDay(addDays(date, 1)))
  }

  // Working days before the start of each day (by day number), extended on demand: O(1) reads.
  const cumulative = new Map<number, number>()
  let low = 0
  let high = -1
  function workingBefore(day: number): number {
    if (high < low) [low, high] = [day, day]
    if (!cumulative.has(low)) cumulative.set(low, 0)
    for (; high < day; high++)
      cumulative.set(high + 1, (cumulative.get(high) as number) + (isWorkingDay(dateOfDay(high)) ? 1 : 0))
    for (; low > day; low--)
      cumulative.set(low - 1, (cumulative.get(low) as number) - (isWorkingDay(dateOfDay(low - 1)) ? 1 : 0))
    return cumulative.get(day) as number
  }

  function workClock(ms: number): number {
    const date = localDateOf(ms, tz)
    const start = startOfDate(date)
    const within = isWorkingDay(date) ? (ms - start) / dayLength(date) : 0
    return workingBefore(dayOf(date)) + within
  }

  function workTimeBetween(fromMs: number, toMs: number): number {
    return toMs <= fromMs ? 0 : Math.max(0, workClock(toMs) - workClock(fromMs))
  }

  function addWorkTime(fromMs: number, days: number): number {
    let left = Math.max(0, days)
    let date = localDateOf(fromMs, tz)
    for (let i = 0; i < MAX_DAYS; i++) {
      const start = Math.max(fromMs, startOfDate(date))
      const length = dayLength(date)
      if (isWorkingDay(date)) {
        const available = (startOfDate(addDays(date, 1)) - start) / length
        if (left <= available) return start + left * length
        left -= available
      }
      date = addDays(date, 1)
    }
    throw new WismoError('INPUT_INVALID', `Working time of ${days} days does not fit in ten years`)
  }

  return {
    timeZone: tz,
    isWorkingDay,
    nextWorkingDay,
    addWorkingDays,
    transitStart,
    workTimeBetween,
    workClock,
    addWorkTime,
    localDate: (ms) => localDateOf(ms, tz),
    startOfDate,
  }
}

function holidayLookup(
  country: string | null,
  region: string | null,
  types: readonly string[],
  closed: readonly string[],
): (date: string) => boolean {
  const extra = new Set(closed)
  if (!country) return (date) => extra.has(date)
  if (!knownCalendar(country, region)) {
    throw new WismoError(
      'CONFIG_INVALID',
      `date-holidays knows no calendar for ${country}${region ? `-${region}` : ''}`,
      {
        details: { country, region },
      },
    )
  }
  const source = region ? new Holidays(country, region) : new Holidays(country)
  const years = new Map<number, Set<string>>()
  return (date) => {
    if (extra.has(date)) return true
    const year = Number(date.slice(0, 4))
    let days = years.get(year)
    if (!days) {
      days = new Set(
        source
          .getHolidays(year)
          .filter((h) => types.includes(h.type))
          .map((h) => h.date.slice(0, 10)),
      )
      years.set(year, days)
    }
    return days.has(date)
  }
}

/**
 * A cache of calendars per country and region sharing defaults (zone, cut-off, working days).
 * Unknown regions fall back to the country's national calendar.
 * @example
 * const calendars = calendarRegistry({ timeZone: 'America/Sao_Paulo' })
 * calendars('BR', 'RJ').isWorkingDay('2017-04-23') // false: São Jorge (RJ), and a Sunday
 */
export function calendarRegistry(
  defaults: Omit<CalendarOptions, 'country' | 'region'> = {},
): (country: string | null | undefined, region?: string | null) => BusinessCalendar {
  const cache = new Map<string, BusinessCalendar>()
  return (country, region) => {
    const key = `${country ?? ''}|${region ?? ''}`
    let calendar = cache.get(key)
    if (!calendar) {
      calendar = buildWithFallback(defaults, country ?? null, region ?? null)
      cache.set(key, calendar)
    }
    return calendar
  }
}

function buildWithFallback(
  defaults: Omit<CalendarOptions, 'country' | 'region'>,
  country: string | null,
  region: string | null,
): BusinessCalendar {
  if (!country || !knownCalendar(country, null)) return createCalendar(defaults)
  if (region && knownCalendar(country, region)) return createCalendar({ ...defaults, country, region })
  return createCalendar({ ...defaults, country })
}

function knownCalendar(country: string, region: string | null): boolean {
  const lookup = new Holidays()
  const countries = lookup.getCountries() ?? {}
  if (!(country.toUpperCase() in countries)) return false
  return region === null || region.toUpperCase() in (lookup.getStates(country) ?? {})
}
