import { parseCarrierTime } from '@wismo/core'

/**
 * A time as AfterShip wrote it, kept as given: an instant with its offset
 * (`2018-07-23T16:58:00+08:00`), a local time without one (`2021-01-14T00:52:00`) or a date
 * (`2022-01-05`). A space between date and time (`2021-07-01 15:00:00`, seen in EDD answers) is
 * read as `T`; nothing is converted. `null` for anything else.
 * @example carrierTime('2018-07-24T08:27:00+09:00') // '2018-07-24T08:27:00+09:00'
 */
export function carrierTime(value: string | null | undefined): string | null {
  const v = value?.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:)/, '$1T$2')
  if (!v) return null
  return parseCarrierTime(v) ? v : null
}
