/**
 * Carrier times are kept exactly as received: an instant with its offset
 * (`2024-05-02T14:03:00-05:00`), a local wall-clock time with no offset given
 * (`2024-05-02T14:03:00`), or a date only (`2024-05-02`). Nothing is converted to UTC on the way
 * in, so the customer sees the carrier's local time and a date-only ETA never shifts by a day.
 */

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

/** Parse a carrier time; `null` when it is not one of the three accepted forms or not a real date. */
export function parseCarrierTime(value: string): ParsedCarrierTime | null {
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
  if (fields[0] < 1970 || fields[0] > 2200) return null
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
