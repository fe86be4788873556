import { isWismoError, type TokenRequest, type WismoStore } from '@wismo/core'
import { describe, expect } from 'vitest'
import type { Harness } from './harness.ts'

/** A fixed start, so every instant below is the injected clock, never the machine's. */
const T0 = Date.parse('2026-03-02T12:00:00.000Z')
const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString()
const fresh = () => `test:${Math.random().toString(36).slice(2)}`

/** 3 tokens, one back every 100 ms. */
const bucketOf = (bucket: string) => ({ bucket, capacity: 3, refillPerMs: 0.01 })

async function takeMany(store: WismoStore, request: TokenRequest, n: number) {
  const grants = []
  for (let i = 0; i < n; i++) grants.push(await store.takeTokens(request))
  return grants
}

/** Grants whose instant lies in [start, start + windowMs), for the worst start among the grants. */
function busiestWindow(grantedAt: readonly number[], windowMs: number): number {
  return Math.max(0, ...grantedAt.map((s) => grantedAt.filter((t) => t >= s && t < s + windowMs).length))
}

/**
 * Token buckets (`takeTokens`): the rate budgets carriers declare, kept in the store so every
 * process sharing it stays under them together. Time is the caller's `now` throughout.
 */
export function budgetCases(h: Harness): void {
  describe('token buckets', () => {
    h.test('starts a bucket full, then gives one token per refill interval', async () => {
      const b = bucketOf(fresh())
      const first = await takeMany(h.store(), { ...b, now: at(0) }, 4)
      expect(first.map((g) => g.granted)).toEqual([true, true, true, false])
      expect(first[3]).toEqual({ granted: false, retryAfterMs: 100 })
      expect(await h.store().takeTokens({ ...b, now: at(99) })).toEqual({ granted: false, retryAfterMs: 1 })
      expect(await h.store().takeTokens({ ...b, now: at(100) })).toEqual({ granted: true, retryAfterMs: 0 })
      expect((await h.store().takeTokens({ ...b, now: at(100) })).granted).toBe(false)
    })

    h.test(
      'never grants more than capacity + refill over any window, and refills no further than capacity',
      async () => {
        const b = bucketOf(fresh())
        const grantedAt: number[] = []
        // A greedy taker every 10 ms for 2 s, then again after a quiet 10 s.
        for (const offset of [0, 12_000])
          for (let t = 0; t < 2000; t += 10)
            if ((await h.store().takeTokens({ ...b, now: at(offset + t) })).granted)
              grantedAt.push(offset + t)
        // Any 1 s window: at most 3 + 1000 × 0.01 = 13; a greedy taker gets 3 + 9 in [0, 1000).
        expect(busiestWindow(grantedAt, 1000)).toBeLessThanOrEqual(13)
        expect(grantedAt.filter((t) => t < 1000)).toHaveLength(12)
        // After the quiet spell the bucket is full again — 3 back to back, not the 100 of 10 s.
        expect(grantedAt.filter((t) => t >= 12_000 && t < 12_100)).toEqual([12_000, 12_010, 12_020])
        expect(grantedAt).toHaveLength(2 * (3 + 19))
      },
      30_000,
    )

    h.test('gives concurrent takers on one bucket no more tokens than it holds', async () => {
      const b = { ...bucketOf(fresh()), capacity: 5 }
      const grants = await Promise.all(
        Array.from({ length: 40 }, () => h.store().takeTokens({ ...b, now: at(0) })),
      )
      expect(grants.filter((g) => g.granted)).toHaveLength(5)
      for (const g of grants.filter((x) => !x.granted)) expect(g.retryAfterMs).toBeGreaterThan(0)
    })

    h.test('earns nothing from a clock that goes back, and keeps buckets apart', async () => {
      const b = bucketOf(fresh())
      await takeMany(h.store(), { ...b, now: at(1000) }, 3)
      // A caller whose clock lags by a second finds the bucket as spent as the others left it.
      expect((await h.store().takeTokens({ ...b, now: at(0) })).granted).toBe(false)
      expect(await h.store().takeTokens({ ...b, now: at(0) })).toEqual({ granted: false, retryAfterMs: 1100 })
      expect((await h.store().takeTokens({ ...bucketOf(fresh()), now: at(0) })).granted).toBe(true)
    })

    h.test('refuses a bad request with INPUT_INVALID', async () => {
      const good = { ...bucketOf(fresh()), now: at(0) }
      for (const bad of [{ bucket: '' }, { capacity: 0.5 }, { refillPerMs: 0 }, { now: 'soon' }])
        await expect(h.store().takeTokens({ ...good, ...bad })).rejects.toSatisfy((e) =>
          isWismoError(e, 'INPUT_INVALID'),
        )
    })

    h.testRestart('keeps a spent bucket spent across a restart', async (reopen) => {
      const b = bucketOf(fresh())
      await takeMany(h.store(), { ...b, now: at(0) }, 3)
      const store = await reopen()
      expect(await store.takeTokens({ ...b, now: at(50) })).toEqual({ granted: false, retryAfterMs: 50 })
    })
  })
}
