/**
 * Wall-clock arithmetic in real IANA zones, with Intl only (no tz database of our own). Scan times
 * are written as the carrier would: local time plus that zone's offset at that instant.
 */

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const formatters = new Map<string, Intl.DateTimeFormat>()
/**
 * Offsets by zone and UTC hour. Every zone in the sandbox network changes offset on a whole UTC
 * hour, so the cache is exact; it saves an Intl call per scan on the simulation hot path.
 */
const offsets = new Map<string, number>()
const OFFSET_CACHE_MAX = 50_000

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    formatters.set(timeZone, f)
  }
  return f
}

/**
 * Minutes east of UTC in `timeZone` at instant `at` (ms).
 * @example offsetMinutes(Date.UTC(2025, 0, 15), 'Pacific/Auckland') // 780
 */
export function offsetMinutes(at: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(at / HOUR_MS)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    if (offsets.size >= OFFSET_CACHE_MAX) offsets.clear()
    offset = intlOffset(Math.floor(at / HOUR_MS) * HOUR_MS, timeZone)
    offsets.set(key, offset)
  }
  return offset
}

function intlOffset(at: number, timeZone: string): number {
  const name = formatter(timeZone)
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '')
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}

/**
 * The carrier time of instant `at` in `timeZone`: `YYYY-MM-DDTHH:mm:ss±HH:mm`, or the local
 * wall-clock time without offset when `withOffset` is false (as some carriers' partners report).
 * @example carrierTime(Date.UTC(2025, 0, 15, 12), 'America/New_York', true) // '2025-01-15T07:00:00-05:00'
 */
export function carrierTime(at: number, timeZone: string, withOffset: boolean): string {
  const offset = offsetMinutes(at, timeZone)
  const local = new Date(at + offset * 60_000).toISOString().slice(0, 19)
  return withOffset ? local + formatOffset(offset) : local
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${minutes < 0 ? '-' : '+'}${hh}:${mm}`
}

/**
 * The local calendar date (`YYYY-MM-DD`) of instant `at` in `timeZone`.
 * @example localDateOf(Date.UTC(2025, 0, 15, 23), 'Pacific/Auckland') // '2025-01-16'
 */
export function localDateOf(at: number, timeZone: string): string {
  return new Date(at + offsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 10)
}

/**
 * The first instant not before `notBefore` whose local time of day in `timeZone` is `hour`
 * (fractional: 7.5 = 07:30). Used for "out for delivery the next morning"; right across DST changes.
 * @example nextLocalHour(Date.UTC(2025, 0, 15, 20), 'America/New_York', 8) // 2025-01-16T08:00-05:00
 */
export function nextLocalHour(notBefore: number, timeZone: string, hour: number): number {
  const localMidnight =
    Math.floor((notBefore + offsetMinutes(notBefore, timeZone) * 60_000) / DAY_MS) * DAY_MS
  const today = fromWallClock(localMidnight + hour * HOUR_MS, timeZone)
  return today >= notBefore ? today : fromWallClock(localMidnight + DAY_MS + hour * HOUR_MS, timeZone)
}

/** The instant whose wall-clock reading in `timeZone` is `wall` (ms, read as if UTC). */
function fromWallClock(wall: number, timeZone: string): number {
  const guess = wall - offsetMinutes(wall, timeZone) * 60_000
  return wall - offsetMinutes(guess, timeZone) * 60_000
}

/** Hours as milliseconds. */
export function hoursMs(hours: number): number {
  return Math.round(hours * HOUR_MS)
}
