/**
 * Time-zone arithmetic on top of `Intl` (no dependency, runs on edge runtimes). Instants are epoch
 * milliseconds; local dates are `YYYY-MM-DD` strings in a named IANA zone.
 */
import { WismoError } from '../errors.ts'

const DAY_MS = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()
const offsets = new Map<string, number>()
const midnights = new Map<string, number>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
    } catch (cause) {
      throw new WismoError('CONFIG_INVALID', `Unknown time zone "${timeZone}"`, {
        cause,
        details: { timeZone },
      })
    }
    formatters.set(timeZone, f)
  }
  return f
}

/**
 * Throws `CONFIG_INVALID` unless `timeZone` is an IANA zone this runtime knows.
 * @example assertTimeZone('America/Sao_Paulo')
 */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone)
}

function wallClockUtc(timeZone: string, ms: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
}

/**
 * Minutes east of UTC in `timeZone` at instant `ms` (DST-aware).
 * @example zoneOffsetMinutes('Europe/Berlin', Date.parse('2024-07-01T00:00:00Z')) // 120
 */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  // Real offset changes happen on quarter hours, so a 15-minute bucket is exact.
  const key = `${timeZone}|${Math.floor(ms / 900_000)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    offset = Math.round((wallClockUtc(timeZone, ms) - Math.floor(ms / 1000) * 1000) / 60_000)
    if (offsets.size > 200_000) offsets.clear()
    offsets.set(key, offset)
  }
  return offset
}

/**
 * The local calendar date of an instant in a zone.
 * @example localDateOf(Date.parse('2024-03-01T02:00:00Z'), 'America/New_York') // '2024-02-29'
 */
export function localDateOf(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMinutes(timeZone, ms) * 60_000).toISOString().slice(0, 10)
}

/**
 * Minutes since local midnight of an instant in a zone.
 * @example localMinutesOf(Date.parse('2024-07-01T12:30:00Z'), 'Europe/Berlin') // 870
 */
export function localMinutesOf(ms: number, timeZone: string): number {
  const local = ms + zoneOffsetMinutes(timeZone, ms) * 60_000
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000)
}

/**
 * The instant of a local wall-clock time (`date` plus `minutes` after midnight) in a zone. In a
 * DST gap the time is read with the offset before the change; in an overlap the earlier instant wins.
 * @example zonedTimeToInstant('2017-11-20', 14 * 60, 'America/Sao_Paulo') // 2017-11-20T16:00:00Z
 */
export function zonedTimeToInstant(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000
  if (Number.isNaN(wall)) throw new WismoError('INPUT_INVALID', `Not a local date: ${date}`)
  const candidates = [wall - 86_400_000, wall + 86_400_000].map(
    (probe) => wall - zoneOffsetMinutes(timeZone, probe) * 60_000,
  )
  const valid = candidates.filter((t) => t + zoneOffsetMinutes(timeZone, t) * 60_000 === wall)
  return valid.length > 0 ? Math.min(...valid) : (candidates[0] as number)
}

/**
 * The instant a local date starts in a zone (cached: calendars call this a lot).
 * @example startOfLocalDate('2024-07-01', 'UTC') // Date.parse('2024-07-01T00:00:00Z')
 */
export function startOfLocalDate(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`
  let ms = midnights.get(key)
  if (ms === undefined) {
    ms = zonedTimeToInstant(date, 0, timeZone)
    if (midnights.size > 100_000) midnights.clear()
    midnights.set(key, ms)
  }
  return ms
}

/**
 * A local date moved by whole days.
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/**
 * Day of the week of a local date, 0 = Sunday … 6 = Saturday.
 * @example weekdayOf('2024-07-01') // 1
 */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

/**
 * Whole days from local date `a` to local date `b`.
 * @example daysBetween('2024-07-01', '2024-07-08') // 7
 */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)
}
