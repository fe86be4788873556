import { describe, expect, it } from 'vitest'
import { formatEtaWindow, formatScanTime } from './format.ts'

const plain = (s: string | null) => s?.replace(/[\u2009\u202f\u00a0]/g, ' ')

describe('formatEtaWindow', () => {
  it('writes a window of days', () => {
    const eta = { date: '2026-03-05', earliest: '2026-03-03' }
    expect(plain(formatEtaWindow(eta, { locale: 'en-GB', timeZone: 'UTC' }))).toBe(
      'Tue 3 March – Thu 5 March',
    )
    expect(plain(formatEtaWindow(eta, { locale: 'de', timeZone: 'UTC' }))).toBe('Di., 3. – Do., 5. März')
    expect(plain(formatEtaWindow(eta, { locale: 'en-GB', timeZone: 'UTC', style: 'short' }))).toBe(
      '3 – 5 Mar',
    )
  })

  it.each([
    ['Pacific/Kiritimati', '+14'],
    ['Pacific/Pago_Pago', '-11'],
    ['Etc/GMT+12', '-12'],
    ['Asia/Tokyo', '+9'],
    ['America/Los_Angeles', '-8'],
  ])('keeps a date-only ETA on its calendar date in %s (%s)', (timeZone) => {
    expect(formatEtaWindow({ date: '2026-03-05' }, { locale: 'en-GB', timeZone })).toBe('Thu 5 March')
    expect(
      plain(formatEtaWindow({ date: '2026-03-05', earliest: '2026-03-04' }, { locale: 'en-GB', timeZone })),
    ).toBe('Wed 4 March – Thu 5 March')
  })

  it('moves an instant into the customer zone, which may change its day', () => {
    const eta = { date: '2026-03-05T02:00:00Z' }
    expect(formatEtaWindow(eta, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('Thu 5 March')
    expect(formatEtaWindow(eta, { locale: 'en-GB', timeZone: 'America/New_York' })).toBe('Wed 4 March')
  })

  it('shows a same-day window with its hours in the customer zone', () => {
    const eta = {
      date: '2026-03-05T17:00:00Z',
      earliest: '2026-03-05T13:00:00Z',
      latest: '2026-03-05T17:00:00Z',
    }
    expect(plain(formatEtaWindow(eta, { locale: 'en-GB', timeZone: 'Europe/Berlin' }))).toBe(
      'Thu 5 March, 14:00–18:00',
    )
    expect(formatEtaWindow(eta, { locale: 'en-GB', timeZone: 'Europe/Berlin', style: 'short' })).toBe(
      'Thu 5 Mar',
    )
  })

  it('shows a local-time window as written, whatever the zone', () => {
    const eta = { date: '2026-03-05T18:00:00', earliest: '2026-03-05T14:00:00' }
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(plain(formatEtaWindow(eta, { locale: 'en-GB', timeZone }))).toBe('Thu 5 March, 14:00–18:00')
    }
  })

  it('orders a reversed window and returns null for a value that is not a carrier time', () => {
    const reversed = { date: '2026-03-03', latest: '2026-03-01' }
    expect(plain(formatEtaWindow(reversed, { locale: 'en-GB', timeZone: 'UTC' }))).toBe(
      'Sun 1 March – Tue 3 March',
    )
    expect(formatEtaWindow({ date: 'soon' }, { locale: 'en', timeZone: 'UTC' })).toBeNull()
  })
})

describe('formatScanTime', () => {
  it('shows an instant at its own offset, not the reader’s', () => {
    expect(formatScanTime('2026-03-02T14:03:00-05:00', 'en-GB')).toBe('Mon 2 Mar, 14:03')
    expect(formatScanTime('2026-03-02T23:30:00+09:00', 'en-GB')).toBe('Mon 2 Mar, 23:30')
  })

  it('shows a local time as written and a date as a date', () => {
    expect(formatScanTime('2026-03-02T07:15:00', 'de')).toBe('Mo., 2. März, 7:15')
    expect(formatScanTime('2026-03-02', 'en-GB')).toBe('Mon 2 Mar')
  })
})
