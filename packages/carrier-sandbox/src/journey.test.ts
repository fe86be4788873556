import { parseCarrierTime } from '@wismo/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type PlanJourneyInput, planJourney } from './journey.ts'
import { carrierTime, localDateOf } from './local-time.ts'
import { DelaysSchema, type ScenarioName } from './options.ts'
import { LANES, PLACES, type PlaceId } from './places.ts'
import { createRng } from './rng.ts'
import { SCENARIOS } from './scenarios.ts'
import { STATUS_MAP } from './status-map.ts'

const delays = DelaysSchema.parse({})
const scenarios = Object.keys(SCENARIOS) as ScenarioName[]

const journeyInput = fc.record({
  seed: fc.nat(),
  scenario: fc.constantFrom(...scenarios),
  lane: fc.constantFrom(...LANES),
  start: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
})

const plan = (
  i: { seed: number; scenario: ScenarioName; lane: PlanJourneyInput['lane']; start: number },
  localTimeRate = 0.3,
) =>
  planJourney({
    rng: createRng(i.seed),
    lane: i.lane,
    scenario: i.scenario,
    start: i.start,
    delays,
    localTimeRate,
  })
const statusOf = (code: keyof typeof STATUS_MAP) => STATUS_MAP[code].status
const zoneOf = (place: PlaceId) => PLACES[place].timeZone

describe('planned journeys', () => {
  it('are strictly time-ordered, start with a label and end in the scenario’s terminal status', () => {
    fc.assert(
      fc.property(journeyInput, (input) => {
        const scans = plan(input)
        expect(scans[0]?.code).toBe('MI')
        expect(scans[0]?.at).toBe(Math.floor(input.start / 1000) * 1000)
        for (let i = 1; i < scans.length; i++)
          expect(scans[i]?.at).toBeGreaterThan(scans[i - 1]?.at ?? Infinity)
        const last = scans.at(-1) as (typeof scans)[number]
        expect(statusOf(last.code)).toBe(SCENARIOS[input.scenario].terminal)
        const end = input.scenario === 'returned' ? input.lane.route[0] : input.lane.route.at(-1)
        if (input.scenario !== 'lost') expect(last.place).toBe(end)
      }),
    )
  })

  it('contain what their scenario is about', () => {
    fc.assert(
      fc.property(journeyInput, (input) => {
        const statuses = plan(input).map((s) => statusOf(s.code))
        const expected = {
          delivered: null,
          failedAttempt: 'attempt_failed',
          exception: 'exception',
          returned: 'attempt_failed',
          lost: 'exception',
        }
        const needed = expected[input.scenario]
        if (needed) expect(statuses).toContain(needed)
        if (input.scenario === 'delivered')
          expect(statuses.filter((s) => s === 'exception' || s === 'attempt_failed')).toEqual([])
      }),
    )
  })

  it('go out for delivery in the morning, local time at the destination', () => {
    fc.assert(
      fc.property(journeyInput, (input) => {
        for (const s of plan(input).filter((scan) => scan.code === 'OD')) {
          const local = carrierTime(s.at, zoneOf(s.place), false).slice(11, 16)
          expect(local >= '07:00' && local <= '09:30', local).toBe(true)
        }
      }),
    )
  })

  it('drop the offset only on mid-journey facility scans, never near the end', () => {
    fc.assert(
      fc.property(journeyInput, (input) => {
        const scans = plan(input, 1)
        scans.forEach((s, i) => {
          const local = !s.withOffset
          if (local) expect(['AR', 'DP', 'RT']).toContain(s.code)
          if (i >= scans.length - 3) expect(local).toBe(false)
        })
        expect(plan(input, 0).every((s) => s.withOffset)).toBe(true)
      }),
    )
  })

  it('publish the promised date first and the real date after a delay on a delivered journey', () => {
    fc.assert(
      fc.property(journeyInput, (input) => {
        const scans = plan(input)
        const zone = zoneOf(input.lane.route.at(-1) as PlaceId)
        expect(scans[0]?.estimate?.kind).toBe('scheduled')
        const disrupted = scans.some((s) => ['exception', 'attempt_failed'].includes(statusOf(s.code)))
        const last = scans.at(-1) as (typeof scans)[number]
        if (SCENARIOS[input.scenario].terminal !== 'delivered') expect(last.estimate).toBeNull()
        else if (disrupted)
          expect(last.estimate).toEqual({ kind: 'rescheduled', date: localDateOf(last.at, zone) })
      }),
    )
  })

  it('cross the date line with correct instants even when local dates run backwards', () => {
    const lane = LANES.find((l) => l.id === 'nz-akl-sfo')
    if (!lane) throw new Error('lane nz-akl-sfo missing')
    const scans = plan({ seed: 3, scenario: 'delivered', lane, start: Date.parse('2025-01-10T20:00:00Z') }, 0)
    const times = scans.map((s) => carrierTime(s.at, zoneOf(s.place), true))
    const auckland = times.filter((t) => t.endsWith('+13:00'))
    const honolulu = times.filter((t) => t.endsWith('-10:00'))
    expect(auckland.length).toBeGreaterThan(0)
    expect(honolulu.length).toBeGreaterThan(0)
    expect((honolulu[0] as string) < (auckland.at(-1) as string)).toBe(true)
    expect(times.map((t) => parseCarrierTime(t)?.sortKey)).toEqual(scans.map((s) => s.at))
  })
})
