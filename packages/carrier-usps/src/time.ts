import { parseCarrierTime } from '@wismo/core'
import type { UspsEvent } from './schema.ts'

/** Most a GMT timestamp may differ from local time + offset before the offset is distrusted. */
const AGREEMENT_MS = 5 * 60_000
const QUARTER_HOUR_MS = 15 * 60_000

/** `2024-11-15 11:09:19.000000` → `2024-11-15T11:09:19.000000`; `null` when not a carrier time. */
export function normalizeTime(value: string | null | undefined): string | null {
  if (!value) return null
  const spelled = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2')
  return parseCarrierTime(spelled) ? spelled : null
}

/** `-5:00`, `-0500`, `+05:30` → `±HH:mm`; `null` when unreadable or beyond ±14 h. */
export function normalizeOffset(value: string | null | undefined): string | null {
  const m = /^([+-])(\d{1,2}):?(\d{2})$/.exec(value?.trim() ?? '')
  if (!m) return null
  const [, sign, h, min] = m as unknown as [string, string, string, string]
  if (Number(h) > 14 || Number(min) > 59) return null
  return `${sign}${h.padStart(2, '0')}:${min}`
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

const instantOf = (value: string) => parseCarrierTime(value)?.sortKey ?? Number.NaN

/**
 * When a scan happened, written the way Wismo keeps carrier times. USPS gives the local time
 * without offset (`eventTimestamp`), and often the offset (`GMTOffset`) and the UTC time
 * (`GMTTimestamp`) too:
 * - local time + offset when both are given and agree with the UTC time (the customer sees the
 *   local time, the instant is exact);
 * - local time + the offset implied by the UTC time when `GMTOffset` is missing or wrong;
 * - the UTC time (`…Z`) when there is no usable local time;
 * - the local time alone (no offset) when that is all there is.
 * `eventTimestamp` is local wall-clock time even when USPS writes a `Z` after it (its own
 * README sample: `2023-08-02T07:31:00Z` for a scan at "7:31 am … in RICHMOND, VA"), so a `Z`
 * there is read as "no offset given"; a non-zero offset written there is kept as written.
 * `null` when there is no time at all.
 * @example eventTime({ eventTimestamp: '2024-11-22T13:58:00', GMTOffset: '-05:00' }) // '2024-11-22T13:58:00-05:00'
 */
export function eventTime(
  event: Pick<UspsEvent, 'eventTimestamp' | 'GMTTimestamp' | 'GMTOffset'>,
): string | null {
  const local = normalizeTime(event.eventTimestamp?.trim().replace(/(T[\d:.]+)(Z|[+-]00:?00)$/i, '$1'))
  const gmt = normalizeTime(event.GMTTimestamp)
  const utc = gmt && parseCarrierTime(gmt)?.kind === 'instant' ? gmt : null
  const kind = local ? parseCarrierTime(local)?.kind : undefined
  if (!local || kind === 'date') return utc ?? local
  if (kind === 'instant') return local
  const offset = normalizeOffset(event.GMTOffset)
  if (offset) {
    const candidate = `${local}${offset}`
    if (!utc || Math.abs(instantOf(candidate) - instantOf(utc)) <= AGREEMENT_MS) return candidate
  }
  if (utc) {
    const minutes = Math.round((instantOf(local) - instantOf(utc)) / QUARTER_HOUR_MS) * 15
    if (Math.abs(minutes) <= 14 * 60) return `${local}${formatOffset(minutes)}`
  }
  return local
}

/** `YYYY-MM-DD` of a carrier date or date-time, as written (never shifted to UTC). */
export function datePart(value: string | null | undefined): string | null {
  const normalized = normalizeTime(value)
  return normalized ? normalized.slice(0, 10) : null
}

/** `HH:mm:ss` from `14:00`, `14:00:00`, `2:00 PM`, `2pm`; `null` when unreadable. */
export function clockTime(value: string | null | undefined): string | null {
  const m = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(value?.trim() ?? '')
  if (!m) return null
  let hour = Number(m[1])
  const minute = Number(m[2] ?? 0)
  const second = Number(m[3] ?? 0)
  const half = m[4]?.[0]?.toLowerCase()
  if (half && (hour < 1 || hour > 12)) return null
  if (half === 'p' && hour < 12) hour += 12
  if (half === 'a' && hour === 12) hour = 0
  if (hour > 23 || minute > 59 || second > 59 || (!half && m[2] === undefined)) return null
  return [hour, minute, second].map((n) => String(n).padStart(2, '0')).join(':')
}
