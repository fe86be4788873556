/**
 * UPS writes dates as `YYYYMMDD` and times as `HHMMSS` in the scan's local time. Wismo keeps
 * times as the carrier gave them: with an offset when UPS says it (`gmtOffset`, or a GMT time
 * next to the local one), else a local time without offset, never converted.
 */

const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/
const QUARTER_HOUR_MS = 15 * 60_000
const MAX_OFFSET_MS = 14 * 3_600_000

/** `20210210` → `2021-02-10`; `null` for anything else (placeholders such as `"string"`). */
export function upsDate(date: string | undefined): string | null {
  const m = date ? /^(\d{4})(\d{2})(\d{2})$/.exec(date) : null
  if (!m) return null
  const iso = `${m[1]}-${m[2]}-${m[3]}`
  const parsed = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : null
}

/** `071356` (or `74700`) → `07:13:56`; `null` when empty or not a time. */
export function upsTime(time: string | undefined): string | null {
  if (!time || !/^\d{5,6}$/.test(time)) return null
  const [h, m, s] = [0, 2, 4].map((i) => time.padStart(6, '0').slice(i, i + 2))
  if (Number(h) > 23 || Number(m) > 59 || Number(s) > 59) return null
  return `${h}:${m}:${s}`
}

/** Local date + time as `YYYY-MM-DDTHH:mm:ss`, or the date alone when there is no time. */
export function localDateTime(date: string | undefined, time: string | undefined): string | null {
  const d = upsDate(date)
  if (!d) return null
  const t = upsTime(time)
  return t ? `${d}T${t}` : d
}

/**
 * The offset between a local and a GMT reading of one moment (`-04:00`), when both are complete
 * and the difference is a whole quarter hour within ±14 h; otherwise `null`.
 */
export function offsetBetween(local: string | null, gmt: string | null): string | null {
  if (!local?.includes('T') || !gmt?.includes('T')) return null
  const diff = Date.parse(`${local}Z`) - Date.parse(`${gmt}Z`)
  if (Number.isNaN(diff) || Math.abs(diff) > MAX_OFFSET_MS || diff % QUARTER_HOUR_MS !== 0) return null
  const minutes = Math.abs(diff) / 60_000
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${diff < 0 ? '-' : '+'}${hh}:${mm}`
}

/** When UPS gives one: the scan's time with its offset. */
export interface UpsScanTime {
  date?: string | undefined
  time?: string | undefined
  gmtDate?: string | undefined
  gmtTime?: string | undefined
  gmtOffset?: string | undefined
}

/**
 * A scan's `occurredAt`: local time + `gmtOffset` when UPS gives a valid one; local time + the
 * offset implied by the GMT reading; the GMT reading with `Z` when there is no local one; the
 * local time without offset otherwise. `null` when UPS gave no usable date.
 * @example scanTime({ date: '20240422', time: '212901', gmtDate: '20240423', gmtTime: '012901' }) // '2024-04-22T21:29:01-04:00'
 */
export function scanTime(t: UpsScanTime): string | null {
  const local = localDateTime(t.date, t.time)
  const gmt = localDateTime(t.gmtDate, t.gmtTime)
  if (local?.includes('T')) {
    if (t.gmtOffset && OFFSET.test(t.gmtOffset)) return `${local}${t.gmtOffset}`
    const offset = offsetBetween(local, gmt)
    return offset ? `${local}${offset}` : local
  }
  if (gmt?.includes('T')) return `${gmt}Z`
  return local ?? gmt
}
