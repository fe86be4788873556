import { parseCarrierTime } from '@wismo/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { carrierTime, localDateOf, nextLocalHour, offsetMinutes } from './local-time.ts'
import { PLACES } from './places.ts'

const at = (iso: string) => Date.parse(iso)

describe('local time in real zones', () => {
  it('uses each zone’s real offset at the instant, DST included', () => {
    expect(offsetMinutes(at('2025-01-15T00:00:00Z'), 'Pacific/Auckland')).toBe(780)
    expect(offsetMinutes(at('2025-07-15T00:00:00Z'), 'Pacific/Auckland')).toBe(720)
    expect(offsetMinutes(at('2025-07-15T00:00:00Z'), 'Asia/Kolkata')).toBe(330)
    expect(offsetMinutes(at('2025-07-15T00:00:00Z'), 'America/Phoenix')).toBe(-420)
    expect(offsetMinutes(at('2025-03-09T06:59:59Z'), 'America/New_York')).toBe(-300)
    expect(offsetMinutes(at('2025-03-09T07:00:00Z'), 'America/New_York')).toBe(-240)
  })

  it('writes carrier times with or without the offset', () => {
    const noon = at('2025-01-15T12:00:00Z')
    expect(carrierTime(noon, 'America/New_York', true)).toBe('2025-01-15T07:00:00-05:00')
    expect(carrierTime(noon, 'Asia/Kolkata', true)).toBe('2025-01-15T17:30:00+05:30')
    expect(carrierTime(noon, 'Pacific/Auckland', true)).toBe('2025-01-16T01:00:00+13:00')
    expect(carrierTime(noon, 'America/New_York', false)).toBe('2025-01-15T07:00:00')
    expect(localDateOf(noon, 'Pacific/Auckland')).toBe('2025-01-16')
  })

  it('round-trips: the written time parses back to the same instant in every network zone', () => {
    const zones = [...new Set(Object.values(PLACES).map((p) => p.timeZone))]
    fc.assert(
      fc.property(
        fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (t, zone) => {
          const instant = Math.floor(t / 1000) * 1000
          expect(parseCarrierTime(carrierTime(instant, zone, true))?.sortKey).toBe(instant)
        },
      ),
    )
  })

  it('finds the next local time of day', () => {
    const evening = at('2025-01-15T01:00:00Z') // 20:00 in New York
    expect(new Date(nextLocalHour(evening, 'America/New_York', 8)).toISOString()).toBe(
      '2025-01-15T13:00:00.000Z',
    )
    const dawn = at('2025-01-15T11:00:00Z') // 06:00 in New York
    expect(new Date(nextLocalHour(dawn, 'America/New_York', 8.5)).toISOString()).toBe(
      '2025-01-15T13:30:00.000Z',
    )
  })

  it('keeps the local time of day across DST changes', () => {
    const ny = 'America/New_York'
    const beforeSpringForward = at('2025-03-09T01:00:00Z') // 20:00 EST
    expect(carrierTime(nextLocalHour(beforeSpringForward, ny, 8), ny, true)).toBe('2025-03-09T08:00:00-04:00')
    const akl = 'Pacific/Auckland'
    const beforeFallBack = at('2025-04-05T08:00:00Z') // 21:00 NZDT
    expect(carrierTime(nextLocalHour(beforeFallBack, akl, 7.5), akl, true)).toBe('2025-04-06T07:30:00+12:00')
  })
})
