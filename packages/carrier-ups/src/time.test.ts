import { describe, expect, it } from 'vitest'
import { localDateTime, offsetBetween, scanTime, upsDate, upsTime } from './time.ts'

describe('UPS dates and times', () => {
  it('reads YYYYMMDD and HHMMSS, padding the 5-digit times UPS also writes', () => {
    expect(upsDate('20210210')).toBe('2021-02-10')
    expect(upsTime('071356')).toBe('07:13:56')
    expect(upsTime('74700')).toBe('07:47:00')
    expect(localDateTime('20210210', '071356')).toBe('2021-02-10T07:13:56')
    expect(localDateTime('20210210', '')).toBe('2021-02-10')
  })

  it('refuses placeholders and impossible values instead of inventing a date', () => {
    for (const bad of ['string', '', '2021021', '20210230', '20211301', undefined])
      expect(upsDate(bad)).toBeNull()
    for (const bad of ['string', '', '1234', '250000', '126000', undefined]) expect(upsTime(bad)).toBeNull()
  })

  it('derives the offset between a local and a GMT reading, or none when they do not fit', () => {
    expect(offsetBetween('2024-04-22T21:29:01', '2024-04-23T01:29:01')).toBe('-04:00')
    expect(offsetBetween('2024-04-23T14:59:01', '2024-04-23T09:29:01')).toBe('+05:30')
    expect(offsetBetween('2024-04-23T09:29:01', '2024-04-23T09:29:01')).toBe('+00:00')
    expect(offsetBetween('2024-04-23T09:29:07', '2024-04-23T09:29:01')).toBeNull()
    expect(offsetBetween('2024-04-23T09:00:00', '2024-04-21T09:00:00')).toBeNull()
    expect(offsetBetween('2024-04-23', '2024-04-23T09:00:00')).toBeNull()
  })
})

describe('scanTime', () => {
  it('writes the local time with gmtOffset when UPS gives it', () => {
    expect(scanTime({ date: '20210210', time: '071356', gmtOffset: '-05:00' })).toBe(
      '2021-02-10T07:13:56-05:00',
    )
  })

  it('writes the local time with the offset implied by the GMT reading (Track Alert)', () => {
    const t = { date: '20240422', time: '212901', gmtDate: '20240423', gmtTime: '012901' }
    expect(scanTime(t)).toBe('2024-04-22T21:29:01-04:00')
  })

  it('spells one scan the same from the Track API and from Track Alert', () => {
    const poll = scanTime({ date: '20240422', time: '212901', gmtOffset: '-04:00' })
    const push = scanTime({ date: '20240422', time: '212901', gmtDate: '20240423', gmtTime: '012901' })
    expect(poll).toBe(push)
  })

  it('keeps a local time without offset when UPS gives none, and never converts it', () => {
    expect(scanTime({ date: '20220126', time: '163000' })).toBe('2022-01-26T16:30:00')
    expect(scanTime({ date: '20220126', time: '163000', gmtOffset: 'EST' })).toBe('2022-01-26T16:30:00')
  })

  it('falls back to the GMT reading with Z, then to the date alone', () => {
    expect(scanTime({ date: '', gmtDate: '20240423', gmtTime: '012901' })).toBe('2024-04-23T01:29:01Z')
    expect(scanTime({ date: '20240423' })).toBe('2024-04-23')
    expect(scanTime({ date: 'string' })).toBeNull()
  })
})
