import { parseCarrierTime } from '@wismo/core'

// ISO 8601 as DHL writes it: `T` or a space, optional seconds and fraction, `Z`, `±HH:mm`,
// `±HHmm` or no zone at all (a local time).
const DHL_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i

/**
 * A DHL timestamp as a Wismo carrier time, never moved to another zone: `…Z` stays UTC, an offset
 * is kept (written `±HH:mm`), a time without a zone stays local and a date stays a date.
 * `null` when it is not a real date or time.
 * @example dhlTime('2018-03-02T07:53:47') // '2018-03-02T07:53:47'
 * @example dhlTime('2023-01-29 16:02:00+0100') // '2023-01-29T16:02:00+01:00'
 */
export function dhlTime(value: string): string | null {
  const m = DHL_TIME.exec(value.trim())
  if (!m) return null
  const [, date, time, zone] = m
  const offset = zone === undefined ? '' : zone.toUpperCase() === 'Z' ? 'Z' : withColon(zone)
  const candidate = time === undefined ? `${date}` : `${date}T${time}${offset}`
  return parseCarrierTime(candidate) ? candidate : null
}

function withColon(zone: string): string {
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
}

/**
 * The delivery day of an estimate: a time of exactly midnight is how DHL writes "that day"
 * (`2018-08-03T00:00:00Z` next to "By End of Day"), so it becomes the date, which never shifts
 * by a day in another zone; any other time is kept as given.
 * @example estimateDay('2018-08-03T00:00:00Z') // '2018-08-03'
 */
export function estimateDay(time: string): string {
  return /^\d{4}-\d{2}-\d{2}T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:\d{2})?$/.test(time)
    ? time.slice(0, 10)
    : time
}
