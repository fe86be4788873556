/** Numbers, percentages and instants in the dashboard's locale and time zone. */
export interface Formats {
  locale: string
  timeZone: string
  /** An ISO instant as local date and time; text that is not an instant is shown as given. */
  instant(iso: string | null | undefined): string
  /** The calendar date of an instant in the dashboard's zone, `YYYY-MM-DD`. */
  dateOf(ms: number): string
  number(value: number, digits?: number): string
  percent(ratio: number | null): string
}

export function formatsOf(locale: string, timeZone: string): Formats {
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone })
  const day = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  })
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
  return {
    locale,
    timeZone,
    instant: (iso) => {
      if (!iso) return '—'
      const ms = Date.parse(iso)
      // Carrier local times without an offset are not instants: shown as the carrier wrote them.
      return Number.isNaN(ms) || !/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : when.format(ms)
    },
    dateOf: (ms) => day.format(ms),
    number: (value, digits = 1) =>
      new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
    percent: (ratio) => (ratio === null ? '—' : percent.format(ratio)),
  }
}
