import { describe, expect, it } from 'vitest'
import { createCalendar } from './calendar.ts'
import { createTransitModel, type TransitModelOptions } from './model.ts'
import { createSeasonality } from './season.ts'
import type { DeliveredRecord } from './types.ts'

const DAY = 86_400_000
const calendar = createCalendar({ timeZone: 'UTC' })
const at = (ms: number) => new Date(ms).toISOString()
const lane = { carrier: 'acme', service: null, originRegion: 'SP', destinationRegion: 'RJ' }
/** Deterministic jitter in [-0.5, 0.5). */
const jitter = (i: number) => ((i * 7919) % 1000) / 1000 - 0.5

// Two synthetic years of deliveries: about a second here, much longer on a busy machine.
describe('yearly season', { timeout: 60_000 }, () => {
  const options = { windowDays: 14, aroundDays: 60, priorWeight: 50, minWeight: 30 }

  it('is the window a year back against the months around it, shrunk by its pseudo-count (hand-computed)', () => {
    const season = createSeasonality(options)
    const target = Date.parse('2026-11-27T12:00:00Z')
    const yearBack = target - 364 * DAY
    // 100 shipments a day: +0.5 in the 15 days around the same day a year back, 0 around them.
    for (let d = -60; d <= 60; d++)
      for (let i = 0; i < 100; i++) season.add(yearBack + d * DAY, Math.abs(d) <= 7 ? 0.5 : 0)
    // window mean 0.5, around mean 0, window weight 1500: 0.5 · 1500 / (1500 + 50)
    expect(season.at(target)).toBeCloseTo((0.5 * 1500) / 1550, 10)
    // 40 days earlier the window a year back is ordinary (0) and its surroundings (days −60…−48
    // and −32…+20, 6,600 shipments) hold the peak's 1,500 at +0.5: a small negative anomaly.
    expect(season.at(target - 40 * DAY)).toBeCloseTo((-(0.5 * 1500) / 6600) * (1500 / 1550), 10)
  })

  it('is exactly 0 without enough history a year back', () => {
    const season = createSeasonality(options)
    const target = Date.parse('2026-11-27T12:00:00Z')
    for (let i = 0; i < 29; i++) season.add(target - 364 * DAY, 1)
    for (let i = 0; i < 500; i++) season.add(target - 364 * DAY - 30 * DAY, 0)
    expect(season.at(target)).toBe(0) // 29 in the window, fewer than minWeight
    expect(season.at(target - 30 * DAY)).toBe(0) // nothing around it
    season.add(target - 364 * DAY, 1)
    expect(season.at(target)).toBeGreaterThan(0)
    season.add(Number.NaN, Number.NaN)
    expect(Number.isFinite(season.at(target))).toBe(true)
  })

  it("predicts a second year's peak before any of its slow parcels is delivered", () => {
    const start = Date.parse('2025-01-06T10:00:00Z')
    const peak = (ms: number) => {
      const d = new Date(ms)
      return d.getUTCMonth() === 10 && d.getUTCDate() >= 20
        ? true
        : d.getUTCMonth() === 11 && d.getUTCDate() <= 10
    }
    const run = (o: TransitModelOptions) => {
      const model = createTransitModel({ calendar: () => calendar, ...o })
      const until = Date.parse('2026-11-20T10:00:00Z')
      let i = 0
      for (let t = start; t < until; t += DAY / 10, i++) {
        const days = (peak(t) ? 9 : 3) + jitter(i)
        const deliveredMs = calendar.addWorkTime(calendar.transitStart(t), days)
        if (deliveredMs >= until) continue // the replay stops before the second peak's deliveries
        const record: DeliveredRecord = {
          ...lane,
          shipmentId: `p${i}`,
          purchasedAt: at(t),
          handedOverAt: at(t),
          deliveredAt: at(deliveredMs),
          promisedDate: null,
        }
        model.learn(record)
      }
      const ask = (iso: string) =>
        model.predict({ shipment: lane, from: 'purchase', startedAt: iso, now: iso, quantiles: [0.5] })
      const inPeak = ask('2026-11-27T10:00:00Z')
      const ordinary = ask('2026-11-12T10:00:00Z')
      return {
        peak: inPeak?.quantiles[0]?.workDays ?? Number.NaN,
        ordinary: ordinary?.quantiles[0]?.workDays ?? Number.NaN,
        season: inPeak?.season ?? Number.NaN,
      }
    }
    const withSeason = run({})
    const without = run({ seasonWindowDays: null })
    expect(without.peak).toBeLessThan(4) // nothing slow delivered yet this year: an ordinary answer
    expect(without.season).toBe(0)
    expect(withSeason.season).toBeGreaterThan(0.5) // log(10) − log(4) ≈ 0.9 last year, shrunk a little
    expect(withSeason.peak).toBeGreaterThan(6.5)
    expect(withSeason.ordinary).toBeLessThan(4.5) // outside the peak it stays ordinary
  })
})
