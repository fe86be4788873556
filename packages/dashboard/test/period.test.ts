import { startOfLocalDate as startOfDay } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { periodOf } from '../src/metrics/period.ts'

describe('the metrics period', () => {
  it('defaults to the last days ending today', () => {
    const p = periodOf({}, '2026-03-10', 'UTC', 3)
    expect(p).toMatchObject({
      from: '2026-03-08',
      to: '2026-03-10',
      days: ['2026-03-08', '2026-03-09', '2026-03-10'],
    })
    expect('startMs' in p && new Date(p.startMs).toISOString()).toBe('2026-03-08T00:00:00.000Z')
    expect('endMs' in p && new Date(p.endMs).toISOString()).toBe('2026-03-11T00:00:00.000Z')
  })

  it('starts days at local midnight, also across a DST change', () => {
    expect(new Date(startOfDay('2026-03-02', 'America/New_York')).toISOString()).toBe(
      '2026-03-02T05:00:00.000Z',
    )
    // New York moves to daylight time on 8 March 2026: that day starts at UTC-5, the next at UTC-4.
    expect(new Date(startOfDay('2026-03-08', 'America/New_York')).toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    )
    expect(new Date(startOfDay('2026-03-09', 'America/New_York')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    )
    expect(new Date(startOfDay('2026-06-01', 'Asia/Kolkata')).toISOString()).toBe('2026-05-31T18:30:00.000Z')
  })

  it('refuses unreadable, reversed and over-long periods', () => {
    expect(periodOf({ from: '2026-02-30' }, '2026-03-10', 'UTC', 30)).toHaveProperty('problem')
    expect(periodOf({ from: '2026-03-11', to: '2026-03-10' }, '2026-03-10', 'UTC', 30)).toHaveProperty(
      'problem',
    )
    expect(periodOf({ from: '2024-01-01', to: '2026-03-10' }, '2026-03-10', 'UTC', 30)).toHaveProperty(
      'problem',
    )
    expect(periodOf({ from: '2025-03-10', to: '2026-03-10' }, '2026-03-10', 'UTC', 30)).toHaveProperty(
      'days.length',
      366,
    )
  })
})
