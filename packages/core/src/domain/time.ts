import { boundedCache } from '../util/bounded-cache.ts'

/**
 * Carrier times are kept exactly as received: an instant with its offset
 * (`2024-05-02T14:03:00-05:00`), a local wall-clock time with no offset given
 * (`2024-05-02T14:03:00`), or a date only (`2024-05-02`). Nothing is converted to UTC on the way
 * in, so the customer sees the carrier's local time and a date-only ETA never shifts by a day.
 */

/** Earliest and latest years a carrier time may carry. */
export const CARRIER_YEARS = { min: 1970, max: 2200 } as const

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/

export type CarrierTimeKind = 'instant' | 'local' | 'date'

export interface ParsedCarrierTime {
  kind: CarrierTimeKind
  /**
   * Milliseconds used to order events. Exact for instants; local times and dates carry no
   * offset, so they are placed as if they were UTC (the carrier's zone is unknown).
   */
  sortKey: number
  /** Offset in minutes east of UTC, when the carrier gave one. */
  offsetMinutes: number | null
}

/**
 * Parsed times by their text. Ingest compares and sorts the same few times over and over (merge,
 * state, pieces, dedup), so each is parsed once; the map is emptied when full, which bounds it.
 * Small on purpose: the repeats are within one ingest and among parcels in flight, and a lookup
 * in a 50,000-entry map cost more than the parse it saved.
 */
const parsedTimes = boundedCache<Readonly<ParsedCarrierTime> | null>(4_096)

/**
 * Parse a carrier time; `null` when it is not one of the three accepted forms or not a real date.
 * The result is shared between callers (frozen): copy it to change it.
 * @example parseCarrierTime('2026-03-02T09:00:00-05:00')?.offsetMinutes // -300
 */
export function parseCarrierTime(value: string): Readonly<ParsedCarrierTime> | null {
  return parsedTimes.get(value, () => {
    const parsed = parseUncached(value)
    return parsed && Object.freeze(parsed)
  })
}

function parseUncached(value: string): ParsedCarrierTime | null {
  const m = PATTERN.exec(value)
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const fields = [
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
  ] as const
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3))
  const utc = Date.UTC(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], ms)
  const check = new Date(utc)
  if (check.getUTCDate() !== fields[2] || check.getUTCMonth() !== fields[1] || fields[3] > 23) return null
  if (fields[0] < CARRIER_YEARS.min || fields[0] > CARRIER_YEARS.max) return null
  if (h === undefined) return { kind: 'date', sortKey: utc, offsetMinutes: null }
  if (zone === undefined) return { kind: 'local', sortKey: utc, offsetMinutes: null }
  const offset = zone === 'Z' ? 0 : offsetOf(zone)
  if (Math.abs(offset) > 18 * 60) return null
  return { kind: 'instant', sortKey: utc - offset * 60_000, offsetMinutes: offset }
}

function offsetOf(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
}

/**
 * Why a string is not a carrier time, in words a sender can act on, or `null` when it is one.
 * Tells a wrong format from an impossible date or a year out of range.
 * @example carrierTimeProblem('9999-01-01') // 'year 9999 is outside 1970–2200'
 */
export function carrierTimeProblem(value: string): string | null {
  if (parseCarrierTime(value) !== null) return null
  const m = PATTERN.exec(value)
  if (!m) return 'expected YYYY-MM-DD, YYYY-MM-DDTHH:mm[:ss[.fff]] or the same with Z/±HH:mm'
  const year = Number(m[1])
  if (year < CARRIER_YEARS.min || year > CARRIER_YEARS.max)
    return `year ${year} is outside ${CARRIER_YEARS.min}–${CARRIER_YEARS.max}`
  if (m[8] && m[8] !== 'Z' && Math.abs(offsetOf(m[8])) > 18 * 60) return `offset ${m[8]} is beyond ±18:00`
  return 'not a real date or time of day'
}

/**
 * A carrier time in one spelling per moment, keeping what kind of time it is: instants as UTC
 * milliseconds (so `…Z`, `+00:00`, `.000Z` and `-05:00` spellings of one moment agree), local
 * times as their wall-clock milliseconds, dates as the date. Used by dedup keys.
 * @example canonicalTime('2026-03-02T09:00:00-05:00') === canonicalTime('2026-03-02T14:00:00.000Z') // true
 */
export function canonicalTime(value: string): string {
  const parsed = parseCarrierTime(value)
  if (!parsed) throw new TypeError(`not a carrier time: ${value}`)
  if (parsed.kind === 'date') return `d:${value.slice(0, 10)}`
  return `${parsed.kind === 'instant' ? 'i' : 'l'}:${parsed.sortKey}`
}

/** Sort key of a carrier time that is known to be valid (validated at the boundary). */
export function timeKey(value: string): number {
  const parsed = parseCarrierTime(value)
  if (!parsed) throw new TypeError(`not a carrier time: ${value}`)
  return parsed.sortKey
}

/** The local calendar date of a carrier time, as the carrier meant it (`YYYY-MM-DD`). */
export function localDate(value: string): string {
  return value.slice(0, 10)
}
