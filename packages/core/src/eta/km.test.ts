import { describe, expect, it } from 'vitest'
import { GRID, gridQuantile, gridSurvival, kaplanMeier } from './km.ts'

const bins = (entries: Record<number, number>) => {
  const a = new Float64Array(GRID.bins)
  for (const [b, w] of Object.entries(entries)) a[Number(b)] = w
  return a
}
const edge = (b: number) => GRID.low + b * GRID.width

describe('Kaplan–Meier on the residual grid', () => {
  it('handles censoring between events (hand-computed)', () => {
    // Events at 60 and 64, one censored at 62: at risk 3 → 2 (event) → 1 after the censoring.
    const d = kaplanMeier(bins({ 60: 1, 64: 1 }), bins({ 62: 1 }))
    expect(d.mass[60]).toBeCloseTo(1 / 3, 12)
    expect(d.mass[64]).toBeCloseTo(2 / 3, 12)
    expect(d.survival[63]).toBeCloseTo(2 / 3, 12)
    expect(d.weight).toBe(3)
  })

  it('puts the mass still waiting beyond every delivery at the longest wait seen, not the grid end', () => {
    // 3 delivered at bin 60, 7 still waiting at bin 75: 70 % of the mass is "at least bin 75".
    const d = kaplanMeier(bins({ 60: 3 }), bins({ 75: 7 }))
    expect(d.mass[60]).toBeCloseTo(0.3, 12)
    expect(d.mass[75]).toBeCloseTo(0.7, 12)
    expect(d.mass[GRID.bins - 1]).toBe(0)
    expect(gridQuantile(d, 0.5)).toBeGreaterThan(edge(75))
    expect(gridQuantile(d, 0.99)).toBeLessThan(edge(76))
    expect(gridSurvival(d, edge(76))).toBe(0)
  })

  it('keeps the grid end for an empty distribution', () => {
    const d = kaplanMeier(bins({}), bins({}))
    expect(d.mass[GRID.bins - 1]).toBe(1)
    expect(d.weight).toBe(0)
  })
})
