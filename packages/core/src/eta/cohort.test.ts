import { describe, expect, it } from 'vitest'
import { blendedKaplanMeier, createRecentCohort } from './cohort.ts'
import { binOf, GRID, gridQuantile, kaplanMeier } from './km.ts'

const DAY = 86_400_000
const bins = (entries: Record<number, number>) => {
  const a = new Float64Array(GRID.bins)
  for (const [b, w] of Object.entries(entries)) a[Number(b)] = w
  return a
}
/** Residual at the middle of bin b. */
const mid = (b: number) => GRID.low + (b + 0.5) * GRID.width

describe('recent-cohort Kaplan–Meier', () => {
  it('is the plain Kaplan–Meier with k = 0, censoring handled (hand-computed)', () => {
    // Events at bins 60, 62, 63; one censored at 61. At risk 4 → 3 → (censored) 2 → 1.
    const prior = kaplanMeier(bins({ 70: 1 }), bins({}))
    const d = blendedKaplanMeier(prior, bins({ 60: 1, 62: 1, 63: 1 }), bins({ 61: 1 }), 0)
    expect(d.mass[60]).toBeCloseTo(0.25, 12) // 1/4
    expect(d.mass[61]).toBeCloseTo(0, 12)
    expect(d.mass[62]).toBeCloseTo(0.375, 12) // 0.75 · 1/2
    expect(d.mass[63]).toBeCloseTo(0.375, 12) // 0.375 · 1/1
    expect(d.survival[63]).toBeCloseTo(0.375, 12)
    expect(d.weight).toBe(4)
    const plain = kaplanMeier(bins({ 60: 1, 62: 1, 63: 1 }), bins({ 61: 1 }))
    expect([...d.mass]).toEqual([...plain.mass])
  })

  it('blends each bin hazard with the long run by the number at risk (hand-computed)', () => {
    // Long run: hazard 1/2 in bin 60, 1 in bin 61. Cohort: one event and one censored in bin 60, k = 2.
    const prior = kaplanMeier(bins({ 60: 1, 61: 1 }), bins({}))
    const d = blendedKaplanMeier(prior, bins({ 60: 1 }), bins({ 60: 1 }), 2)
    // bin 60: (1 + 2 · 0.5) / (2 + 2) = 0.5; bin 61: nobody left at risk → the long-run hazard 1.
    expect(d.mass[60]).toBeCloseTo(0.5, 12)
    expect(d.mass[61]).toBeCloseTo(0.5, 12)
    expect(gridQuantile(d, 0.5)).toBeCloseTo(GRID.low + 61 * GRID.width, 12)
  })

  it('gives back the long run for an empty cohort', () => {
    const prior = kaplanMeier(bins({ 55: 3, 60: 5, 64: 2, 80: 1 }), bins({ 62: 2 }))
    const d = blendedKaplanMeier(prior, bins({}), bins({}), 30)
    for (let b = 0; b < GRID.bins; b++) expect(d.mass[b]).toBeCloseTo(prior.mass[b] as number, 12)
  })

  it('moves later when many recent shipments are still waiting (censored), even with no event', () => {
    const prior = kaplanMeier(bins({ 58: 10, 60: 20, 62: 10 }), bins({}))
    const d = blendedKaplanMeier(prior, bins({}), bins({ 64: 100 }), 30)
    expect(gridQuantile(d, 0.5)).toBeGreaterThan(gridQuantile(prior, 0.5) + 0.05)
  })
})

describe('createRecentCohort', () => {
  const prior = kaplanMeier(bins({ 58: 10, 60: 20, 62: 10 }), bins({}))
  const now = Date.parse('2024-03-01T00:00:00Z')

  it('keeps per-lane cohorts blended into the overall one, falling back for unknown lanes', () => {
    const cohort = createRecentCohort(5, 10, true)
    for (let i = 0; i < 40; i++) cohort.add('slow', mid(70), now - DAY)
    for (let i = 0; i < 40; i++) cohort.add('fast', mid(60), now - DAY)
    const fit = cohort.fit(prior, [], now)
    expect(gridQuantile(fit.forLane('slow'), 0.5)).toBeGreaterThan(gridQuantile(fit.overall, 0.5))
    expect(fit.forLane('unknown')).toBe(fit.overall)
    expect(fit.forLane(null)).toBe(fit.overall)
  })

  it('counts in-flight members as censored and forgets old starts', () => {
    const waiting = Array.from({ length: 200 }, () => ({ lane: null, startMs: now - DAY, residual: mid(66) }))
    const recent = createRecentCohort(5, 30, false).fit(prior, waiting, now)
    expect(gridQuantile(recent.overall, 0.5)).toBeGreaterThan(gridQuantile(prior, 0.5) + 0.05)
    const old = waiting.map((m) => ({ ...m, startMs: now - 200 * DAY }))
    const stale = createRecentCohort(5, 30, false).fit(prior, old, now)
    expect(gridQuantile(stale.overall, 0.5)).toBeCloseTo(gridQuantile(prior, 0.5), 3)
    expect(binOf(mid(66))).toBe(66)
  })
})
