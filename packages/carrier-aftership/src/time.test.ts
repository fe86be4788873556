import { describe, expect, it } from 'vitest'
import { carrierTime } from './time.ts'

describe('carrierTime', () => {
  it('keeps AfterShip times as given: offset, local, date', () => {
    expect(carrierTime('2018-07-23T16:58:00+08:00')).toBe('2018-07-23T16:58:00+08:00')
    expect(carrierTime('2021-01-14T00:52:00')).toBe('2021-01-14T00:52:00')
    expect(carrierTime('2022-01-05')).toBe('2022-01-05')
  })

  it('reads a space as T and refuses what is no time', () => {
    expect(carrierTime('2021-07-01 15:00:00')).toBe('2021-07-01T15:00:00')
    expect(carrierTime('')).toBeNull()
    expect(carrierTime(null)).toBeNull()
    expect(carrierTime('yesterday')).toBeNull()
    expect(carrierTime('2021-02-30')).toBeNull()
  })
})
