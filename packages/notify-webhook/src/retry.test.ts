import { describe, expect, it } from 'vitest'
import { nextRetryAt, WEBHOOK_RETRY_SCHEDULE_MS } from './retry.ts'

const FAILED = new Date('2026-03-02T12:00:00.000Z')
const at = (attempts: number, extra: Parameters<typeof nextRetryAt>[1] = {}) =>
  nextRetryAt(attempts, { failedAt: FAILED, jitter: 0, ...extra })?.toISOString() ?? null

describe('the webhook retry ladder', () => {
  it('follows Standard Webhooks’ example: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    expect(WEBHOOK_RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([
      0, 5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400,
    ])
    expect(() => (WEBHOOK_RETRY_SCHEDULE_MS as number[]).push(1)).toThrow()
  })

  it('after n failed attempts, the next is the n-th wait later; after ten, give up', () => {
    expect(at(1)).toBe('2026-03-02T12:00:05.000Z')
    expect(at(2)).toBe('2026-03-02T12:05:00.000Z')
    expect(at(3)).toBe('2026-03-02T12:30:00.000Z')
    expect(at(9)).toBe('2026-03-03T12:00:00.000Z')
    expect(at(10)).toBeNull()
  })

  it('jitter spreads a wait by at most ±the fraction', () => {
    expect(at(4, { jitter: 0.1, random: () => 0 })).toBe('2026-03-02T13:48:00.000Z') // 2 h − 12 min
    expect(at(4, { jitter: 0.1, random: () => 0.5 })).toBe('2026-03-02T14:00:00.000Z')
    expect(at(4, { jitter: 0.1, random: () => 0.999_999 })).toBe('2026-03-02T14:11:59.999Z')
  })

  it('a longer Retry-After wins; a shorter one does not hurry the ladder', () => {
    expect(at(1, { retryAfterMs: 120_000 })).toBe('2026-03-02T12:02:00.000Z')
    expect(at(3, { retryAfterMs: 120_000 })).toBe('2026-03-02T12:30:00.000Z')
  })

  it('attempts must be a whole number ≥ 1', () => {
    expect(() => nextRetryAt(0)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
    expect(() => nextRetryAt(1.5)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })
})
