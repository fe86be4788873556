import { describe, expect, it } from 'vitest'
import { createCalendar } from './calendar.ts'
import { createTransitModel, type TransitModelOptions } from './model.ts'
import type { DeliveredRecord, LaneQuery } from './types.ts'

const DAY = 86_400_000
const calendar = createCalendar({ timeZone: 'UTC' })
const T0 = Date.parse('2024-01-01T10:00:00Z')
const lane = (
  originRegion: string,
  destinationRegion: string,
  extra: Partial<LaneQuery> = {},
): LaneQuery => ({
  carrier: 'acme',
  service: null,
  originRegion,
  destinationRegion,
  ...extra,
})

/** Deterministic jitter in [-0.5, 0.5). */
const jitter = (i: number) => ((i * 7919) % 1000) / 1000 - 0.5

function delivered(id: string, l: LaneQuery, startMs: number, workDays: number): DeliveredRecord {
  const deliveredMs = calendar.addWorkTime(calendar.transitStart(startMs), workDays)
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    ...l,
    shipmentId: id,
    purchasedAt: iso(startMs),
    handedOverAt: iso(startMs),
    deliveredAt: iso(deliveredMs),
    promisedDate: null,
  }
}

function trained(options: TransitModelOptions = {}, days = { fast: 3, slow: 8 }, count = 150) {
  const model = createTransitModel({ calendar: () => calendar, ...options })
  for (let i = 0; i < count; i++) {
    const start = T0 + i * 0.5 * DAY
    model.learn(delivered(`f${i}`, lane('CA', 'NV'), start, days.fast + jitter(i)))
    model.learn(delivered(`s${i}`, lane('CA', 'NY'), start, days.slow + 2 * jitter(i + 1)))
  }
  return model
}

const at = (ms: number) => new Date(ms).toISOString()
const NOW = at(T0 + 120 * DAY)
const median = (
  m: ReturnType<typeof trained>,
  l: LaneQuery,
  now = NOW,
  from: 'purchase' | 'handover' = 'purchase',
  startedAt = now,
) => {
  const p = m.predict({ shipment: l, from, startedAt, now, quantiles: [0.5] })
  return p?.quantiles[0]?.workDays ?? Number.NaN
}

// Each test learns hundreds of synthetic deliveries: seconds on a busy machine, so a generous timeout.
describe('transit model', { timeout: 60_000 }, () => {
  it('learns each lane’s transit time in working days', () => {
    const model = trained()
    expect(median(model, lane('CA', 'NV'))).toBeGreaterThan(2.4)
    expect(median(model, lane('CA', 'NV'))).toBeLessThan(3.6)
    expect(median(model, lane('CA', 'NY'))).toBeGreaterThan(6.5)
    expect(median(model, lane('CA', 'NY'))).toBeLessThan(9.5)
  })

  it('answers ordered quantiles as instants and local dates, with the level it used', () => {
    const p = trained().predict({ shipment: lane('CA', 'NY'), from: 'purchase', startedAt: NOW, now: NOW })
    expect(p?.level).toBe('lane')
    const [lo, mid, hi] = p?.quantiles ?? []
    expect(lo && mid && hi && lo.workDays < mid.workDays && mid.workDays < hi.workDays).toBe(true)
    expect(mid?.date).toBe(mid?.at.slice(0, 10))
    expect(new Date(mid?.at ?? '').getUTCDay()).not.toBe(0)
  })

  it('falls back to coarser levels for unseen lanes', () => {
    const model = trained()
    const p = model.predict({ shipment: lane('TX', 'NY'), from: 'purchase', startedAt: NOW, now: NOW })
    expect(p?.level).toBe('carrier_region')
    expect(median(model, lane('TX', 'NY'))).toBeGreaterThan(6)
    expect(
      model.predict({ shipment: lane('TX', 'FL'), from: 'purchase', startedAt: NOW, now: NOW })?.level,
    ).toBe('carrier')
    expect(
      model.predict({
        shipment: { ...lane('TX', 'FL'), carrier: 'other' },
        from: 'purchase',
        startedAt: NOW,
        now: NOW,
      })?.level,
    ).toBe('global')
  })

  it('weights recent deliveries more', () => {
    const feed = (m: ReturnType<typeof createTransitModel>) => {
      for (let i = 0; i < 150; i++)
        m.learn(delivered(`old${i}`, lane('CA', 'NV'), T0 + i * 0.3 * DAY, 9 + jitter(i)))
      for (let i = 0; i < 60; i++)
        m.learn(delivered(`new${i}`, lane('CA', 'NV'), T0 + (60 + i * 0.5) * DAY, 3 + jitter(i)))
      return m
    }
    const options = { calendar: () => calendar, shiftHalfLifeDays: null, rateHalfLifeDays: null }
    const recent = feed(createTransitModel({ ...options, laneHalfLifeDays: 5, residualHalfLifeDays: 5 }))
    const flat = feed(
      createTransitModel({ ...options, laneHalfLifeDays: 10_000, residualHalfLifeDays: 10_000 }),
    )
    const now = at(T0 + 95 * DAY)
    expect(median(recent, lane('CA', 'NV'), now)).toBeLessThan(4)
    expect(median(flat, lane('CA', 'NV'), now)).toBeGreaterThan(4.5)
  })

  it('counts in-flight shipments that have waited long as evidence of a slowdown (shift and rate)', () => {
    const options = { shiftHalfLifeDays: 10, rateHalfLifeDays: 5, cohortHalfLifeDays: null }
    const quiet = trained(options, { fast: 3, slow: 8 }, 150)
    const jammed = trained(options, { fast: 3, slow: 8 }, 150)
    const now = T0 + 90 * DAY
    for (let i = 0; i < 80; i++) {
      const started = now - (10 + (i % 10)) * DAY
      jammed.track({ ...lane('CA', 'NV'), shipmentId: `w${i}`, purchasedAt: at(started), handedOverAt: null })
    }
    expect(median(jammed, lane('CA', 'NV'), at(now))).toBeGreaterThan(
      median(quiet, lane('CA', 'NV'), at(now)) + 0.5,
    )
  })

  it('sees a slowdown in the recent cohort while its parcels are still in flight (defaults)', () => {
    const quiet = trained()
    const jammed = trained()
    const now = T0 + 90 * DAY
    for (let i = 0; i < 200; i++) {
      const started = now - (5 + (i % 5)) * DAY
      jammed.track({ ...lane('CA', 'NV'), shipmentId: `w${i}`, purchasedAt: at(started), handedOverAt: null })
    }
    expect(median(jammed, lane('CA', 'NV'), at(now))).toBeGreaterThan(
      median(quiet, lane('CA', 'NV'), at(now)) + 0.5,
    )
  })

  it('re-estimates from a milestone given how long the parcel has already waited', () => {
    const model = trained()
    const start = T0 + 120 * DAY
    const fresh = median(model, lane('CA', 'NV'), at(start), 'handover', at(start))
    const later = at(calendar.addWorkTime(calendar.transitStart(start), 5))
    const p = model.predict({
      shipment: lane('CA', 'NV'),
      from: 'handover',
      startedAt: at(start),
      now: later,
      quantiles: [0.1, 0.5],
    })
    expect(p?.elapsedWorkDays).toBeCloseTo(5, 6)
    expect(p?.quantiles[0]?.workDays).toBeGreaterThanOrEqual(5)
    expect(Date.parse(p?.quantiles[1]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(later))
    expect(fresh).toBeLessThan(5)
  })

  it('gives the probability of missing a promise', () => {
    const model = trained()
    const ask = (days: number) =>
      model.predict({
        shipment: lane('CA', 'NY'),
        from: 'purchase',
        startedAt: NOW,
        now: NOW,
        promiseBy: at(Date.parse(NOW) + days * DAY),
      })?.probabilityLate ?? -1
    expect(ask(1)).toBeGreaterThan(0.9)
    expect(ask(40)).toBeLessThan(0.05)
    expect(ask(10)).toBeGreaterThan(ask(14))
  })

  it('lets shipment features move the estimate', () => {
    const model = createTransitModel({ calendar: () => calendar })
    for (let i = 0; i < 300; i++) {
      const heavy = i % 2 === 0
      model.learn({
        ...delivered(`p${i}`, lane('CA', 'NV'), T0 + i * 0.3 * DAY, heavy ? 7 : 3),
        weightKg: heavy ? 30 : 1,
      })
    }
    const now = at(T0 + 100 * DAY)
    expect(median(model, lane('CA', 'NV', { weightKg: 30 }), now)).toBeGreaterThan(
      median(model, lane('CA', 'NV', { weightKg: 1 }), now) + 1.5,
    )
  })

  it('knows the usual silence between scans per milestone', () => {
    const model = trained()
    expect(model.scanGap(lane('CA', 'NV'), 'in_transit', 0.95, NOW)).toBeNull()
    for (let i = 0; i < 30; i++)
      model.learn({
        ...delivered(`g${i}`, lane('CA', 'NV'), T0, 3),
        gaps: [{ milestone: 'in_transit', hours: 10 + i }],
      })
    const gap = model.scanGap(lane('CA', 'NV'), 'in_transit', 0.95, at(T0 + 10 * DAY)) ?? 0
    expect(gap).toBeGreaterThan(30)
    expect(gap).toBeLessThan(50)
  })

  it('answers null before any delivery and rejects bad input', () => {
    const empty = createTransitModel()
    expect(
      empty.predict({ shipment: lane('CA', 'NV'), from: 'purchase', startedAt: NOW, now: NOW }),
    ).toBeNull()
    const model = trained()
    expect(() =>
      model.predict({
        shipment: lane('CA', 'NV'),
        from: 'purchase',
        startedAt: '2024-05-01T10:00',
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
    expect(() =>
      model.predict({
        shipment: lane('CA', 'NV'),
        from: 'purchase',
        startedAt: NOW,
        now: NOW,
        quantiles: [1],
      }),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
    expect(() => createTransitModel({ laneHalfLifeDays: -1 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })

  it('ignores a delivery before its start and stops tracking forgotten shipments', () => {
    const model = trained()
    const bad = { ...delivered('x', lane('CA', 'NV'), T0, 3), deliveredAt: at(T0 - DAY) }
    expect(model.learn(bad)).toEqual([])
    model.track({
      ...lane('CA', 'NV'),
      shipmentId: 'lost',
      purchasedAt: at(T0 + 60 * DAY),
      handedOverAt: null,
    })
    model.forget('lost')
    expect(median(model, lane('CA', 'NV'))).toBeLessThan(3.6)
  })
})
