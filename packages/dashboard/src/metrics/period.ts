/** The metrics page's period: whole calendar days in the dashboard's time zone. */
import { addDays, startOfLocalDate } from '@wismo/core'

const DATE = /^\d{4}-\d{2}-\d{2}$/
export const MAX_DAYS = 366

export interface Period {
  /** First day, `YYYY-MM-DD`. */
  from: string
  /** Last day, included. */
  to: string
  /** The instants bounding it: `[startMs, endMs)`. */
  startMs: number
  endMs: number
  /** Every day of it, in order. */
  days: string[]
}

const isDay = (text: string): boolean =>
  DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text

/**
 * The period asked for (`from`, `to`: days, both included), else the `defaultDays` ending today.
 * Returns a problem to show when the dates are unreadable, reversed or span more than a year.
 * @example periodOf({ from: '2026-03-01', to: '2026-03-31' }, '2026-04-02', 'UTC', 30)
 */
export function periodOf(
  asked: { from?: string | null; to?: string | null },
  today: string,
  timeZone: string,
  defaultDays: number,
): Period | { problem: string } {
  const to = asked.to || today
  const from = asked.from || addDays(to, 1 - defaultDays)
  if (!isDay(from) || !isDay(to)) return { problem: 'Dates must be written as YYYY-MM-DD.' }
  if (from > to) return { problem: 'The period must start on or before its last day.' }
  const days: string[] = []
  for (let d = from; d <= to && days.length <= MAX_DAYS; d = addDays(d, 1)) days.push(d)
  if (days.length > MAX_DAYS) return { problem: `A period is at most ${MAX_DAYS} days.` }
  return {
    from,
    to,
    days,
    startMs: startOfLocalDate(from, timeZone),
    endMs: startOfLocalDate(addDays(to, 1), timeZone),
  }
}
