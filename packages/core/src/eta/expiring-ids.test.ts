import { describe, expect, it } from 'vitest'
import { createExpiringIds } from './expiring-ids.ts'

const DAY_MS = 86_400_000
const t0 = Date.parse('2026-01-01T00:00:00Z')

describe('createExpiringIds', () => {
  it('stays bounded by the ids of the last maxAgeDays when none is ever deleted', () => {
    const ids = createExpiringIds(60)
    // 200 a day for 1,000 days: 200,000 ids, of which 12,000 fall in any 60 days.
    for (let i = 0; i < 200_000; i++) ids.add(`s${i}`, t0 + Math.floor(i / 200) * DAY_MS)
    expect(ids.size).toBeLessThanOrEqual(2 * 61 * 200)
    expect(ids.has('s199999')).toBe(true)
    expect(ids.has('s0')).toBe(false)
  })

  it('keeps recent ids until deleted', () => {
    const ids = createExpiringIds(60)
    ids.add('a', t0)
    for (let i = 0; i < 5_000; i++) ids.add(`s${i}`, t0 + 59 * DAY_MS)
    expect(ids.has('a')).toBe(true)
    ids.delete('a')
    expect(ids.has('a')).toBe(false)
  })
})
