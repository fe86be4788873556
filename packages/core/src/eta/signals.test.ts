import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Eta } from '../domain/schemas.ts'
import { createCalendar } from './calendar.ts'
import { createTransitModel } from './model.ts'
import { DEFAULT_STALL_HOURS, detectSignals, type SignalInput, stallThresholdHours } from './signals.ts'
import type { SignalState } from './types.ts'

const HOUR = 3_600_000
const etaOn = (date: string): Eta => ({
  best: { source: 'model', date, confidence: 0.8, madeAt: '2024-05-02T09:00:00Z' },
  estimates: [],
  revisions: [],
})

/** Calls the detector like the ingest pipeline does: with the state saved from the previous call. */
function detector(initial: Omit<SignalInput, 'state'>) {
  let state: SignalState | null = null
  return (change: Partial<SignalInput> = {}) => {
    const result = detectSignals({ ...initial, ...change, state })
    state = result.state
    return result
  }
}

const quiet: Omit<SignalInput, 'state'> = {
  status: 'in_transit',
  subStatus: null,
  eta: etaOn('2024-05-06'),
  promisedDate: '2024-05-08',
  lastScanAt: '2024-05-02T08:00:00Z',
  stallAfterHours: 72,
  lateProbability: 0.1,
}

describe('signal detector', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2024-05-02T09:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('fires stalled once the silence passes the threshold, once per episode', () => {
    const detect = detector(quiet)
    expect(detect().fired).toEqual([])
    vi.advanceTimersByTime(70 * HOUR)
    expect(detect().fired).toEqual([])
    vi.advanceTimersByTime(2 * HOUR)
    const first = detect()
    expect(first.fired).toEqual([
      { type: 'stalled', at: '2024-05-05T09:00:00.000Z', reason: 'no scan for 73 h (usual at most 72 h)' },
    ])
    vi.advanceTimersByTime(24 * HOUR)
    expect(detect().fired).toEqual([])
    expect(detect({ lastScanAt: '2024-05-06T08:30:00Z' }).state.active).toEqual([])
    vi.advanceTimersByTime(80 * HOUR)
    expect(detect({ lastScanAt: '2024-05-06T08:30:00Z' }).fired.map((e) => e.type)).toEqual(['stalled'])
  })

  it('fires delayed on a carrier delay code or when the best estimate passes the promise, once per episode', () => {
    const detect = detector(quiet)
    expect(detect({ subStatus: 'weather_delay' }).fired).toMatchObject([
      { type: 'delayed', reason: 'carrier reported weather_delay' },
    ])
    expect(detect({ subStatus: 'weather_delay' }).fired).toEqual([])
    expect(detect({ eta: etaOn('2024-05-09') }).fired).toEqual([]) // still the same episode
    expect(detect().state.active).toEqual([])
    expect(detect({ eta: etaOn('2024-05-09') }).fired).toMatchObject([
      { type: 'delayed', reason: 'best estimate 2024-05-09 is after the promised 2024-05-08' },
    ])
  })

  it('fires trending_late above the threshold with hysteresis so it does not flap', () => {
    const detect = detector(quiet)
    expect(detect({ lateProbability: 0.35 }).fired.map((e) => e.type)).toEqual(['trending_late'])
    expect(detect({ lateProbability: 0.25 })).toMatchObject({
      fired: [],
      state: { active: ['trending_late'] },
    })
    expect(detect({ lateProbability: 0.15 }).state.active).toEqual([])
    expect(detect({ lateProbability: 0.31 }).fired.map((e) => e.type)).toEqual(['trending_late'])
    expect(
      detectSignals({ ...quiet, lateProbability: 0.45, state: null, options: { trendingLateThreshold: 0.5 } })
        .fired,
    ).toEqual([])
  })

  it('ends every episode silently once the shipment is delivered', () => {
    const detect = detector(quiet)
    expect(detect({ subStatus: 'delayed', lateProbability: 0.9 }).state.active).toEqual([
      'delayed',
      'trending_late',
    ])
    expect(detect({ status: 'delivered', lateProbability: 0.9 })).toEqual({
      state: { active: [] },
      fired: [],
    })
  })

  it('reads local scan times in the given zone', () => {
    vi.setSystemTime(new Date('2024-05-05T10:30:00Z'))
    // 09:00 in São Paulo is 12:00Z, so only 70.5 h have passed.
    expect(
      detectSignals({
        ...quiet,
        lastScanAt: '2024-05-02T09:00:00',
        timeZone: 'America/Sao_Paulo',
        state: null,
      }).fired,
    ).toEqual([])
    expect(
      detectSignals({ ...quiet, lastScanAt: '2024-05-02T09:00:00', state: null }).fired.map((e) => e.type),
    ).toEqual(['stalled'])
  })

  it('takes the stall threshold from the lane’s scan gaps, else from the defaults', () => {
    const calendar = createCalendar({ timeZone: 'UTC' })
    const model = createTransitModel({ calendar: () => calendar })
    const lane = { carrier: 'acme', service: null, originRegion: 'CA', destinationRegion: 'NY' }
    expect(stallThresholdHours(model, lane, 'in_transit', '2024-05-02T09:00:00Z')).toBe(
      DEFAULT_STALL_HOURS.in_transit,
    )
    for (let i = 0; i < 40; i++) {
      model.learn({
        ...lane,
        shipmentId: `s${i}`,
        purchasedAt: '2024-04-01T09:00:00Z',
        handedOverAt: '2024-04-01T09:00:00Z',
        deliveredAt: '2024-04-05T09:00:00Z',
        promisedDate: null,
        gaps: [{ milestone: 'in_transit', hours: 20 }],
      })
    }
    const hours = stallThresholdHours(model, lane, 'in_transit', '2024-05-02T09:00:00Z') ?? 0
    expect(hours).toBeGreaterThan(18)
    expect(hours).toBeLessThan(24)
    expect(stallThresholdHours(null, lane, 'delivered', '2024-05-02T09:00:00Z')).toBeNull()
  })

  it('rejects bad options', () => {
    expect(() => detectSignals({ ...quiet, state: null, options: { trendingLateThreshold: 2 } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })
})
