import { parseCarrierTime } from '../../domain/time.ts'
import { boundedCache } from '../../util/bounded-cache.ts'

/**
 * Dates for people. Every value is turned into a wall-clock moment first and then formatted in
 * UTC, so nothing shifts twice: a date-only value is that calendar date in every time zone, a
 * local time is shown as the carrier wrote it, and only an instant is moved into a zone (the
 * customer's for an ETA, the scan's own offset for a scan).
 */

/** The ETA fields the window is made of (carrier times: instant, local time or date). */
export interface EtaWindowInput {
  date: string
  earliest?: string | null
  latest?: string | null
}

export interface EtaWindowOptions {
  /** BCP 47 locale for Intl (`en-GB`, `de`, `pt-BR`). */
  locale: string
  /** IANA zone of the customer; instants are shown in it. */
  timeZone: string
  /**
   * `long`: `Tue 3 – Thu 5 March`, or `Thu 5 March, 14:00–18:00` for hours within one day;
   * `short` (for SMS, days only): `3–5 Mar`, `Thu 5 Mar`. Default `long`.
   */
  style?: 'long' | 'short'
}

interface WallClock {
  /** Wall-clock moment, as UTC milliseconds. */
  wall: number
  hasTime: boolean
}

const DAY_MS = 86_400_000

/**
 * The ETA as a window in the customer's locale and zone: one day, a range of days, or a day
 * with a time range (`Tue 3 March, 14:00–18:00`). `null` when `date` is not a carrier time.
 * @example formatEtaWindow({ date: '2026-03-05', earliest: '2026-03-03' }, { locale: 'en-GB', timeZone: 'UTC' }) // 'Tue 3 – Thu 5 March'
 */
export function formatEtaWindow(eta: EtaWindowInput, options: EtaWindowOptions): string | null {
  const date = toWallClock(eta.date, options.timeZone)
  if (!date) return null
  let start = (eta.earliest && toWallClock(eta.earliest, options.timeZone)) || date
  let end = (eta.latest && toWallClock(eta.latest, options.timeZone)) || date
  if (end.wall < start.wall) [start, end] = [end, start]
  const short = options.style === 'short'
  const sameDay = dayOf(start) === dayOf(end)
  if (sameDay && !short && start.hasTime && end.hasTime && start.wall !== end.wall) {
    return utcFormat(options.locale, { ...LONG_DAY, ...TIME }).formatRange(start.wall, end.wall)
  }
  if (sameDay) return utcFormat(options.locale, short ? SHORT_DAY : LONG_DAY).format(dayOf(start))
  return utcFormat(options.locale, short ? SHORT_RANGE : LONG_DAY).formatRange(dayOf(start), dayOf(end))
}

/**
 * A scan time in the scan's own local time (the offset the carrier gave, or the local time as
 * written); a date-only value as a date.
 * @example formatScanTime('2026-03-02T14:03:00-05:00', 'en-GB') // 'Mon 2 Mar, 14:03'
 */
export function formatScanTime(value: string, locale: string): string | null {
  const parsed = parseCarrierTime(value)
  if (!parsed) return null
  const wall = parsed.sortKey + (parsed.offsetMinutes ?? 0) * 60_000
  if (parsed.kind === 'date') return utcFormat(locale, SHORT_DAY).format(wall)
  return utcFormat(locale, { ...SHORT_DAY, ...TIME }).format(wall)
}

const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'long' }
const SHORT_DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }
const SHORT_RANGE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' }

/** Formatters are costly to build and immutable once built: one per locale and field set. */
const formatters = boundedCache<Intl.DateTimeFormat>(500)

function utcFormat(locale: string, fields: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Locales come from customers' orders: the cache is bounded.
  return formatters.get(`${locale}|${JSON.stringify(fields)}`, () => {
    return new Intl.DateTimeFormat(locale, { ...fields, timeZone: 'UTC' })
  })
}

function dayOf(point: WallClock): number {
  return Math.floor(point.wall / DAY_MS) * DAY_MS
}

function toWallClock(value: string, timeZone: string): WallClock | null {
  const parsed = parseCarrierTime(value)
  if (!parsed) return null
  if (parsed.kind !== 'instant') return { wall: parsed.sortKey, hasTime: parsed.kind === 'local' }
  return { wall: wallClockIn(parsed.sortKey, timeZone), hasTime: true }
}

const zoneFormatters = boundedCache<Intl.DateTimeFormat>(500)

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return zoneFormatters.get(timeZone, () => {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  })
}

/** The wall-clock time an instant shows in `timeZone`, as UTC milliseconds. */
function wallClockIn(instant: number, timeZone: string): number {
  const parts = zoneFormat(timeZone).formatToParts(instant)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
}
