import type { Status } from '@wismo/core'
import { localDateOf } from './local-time.ts'
import type { SandboxDelays, ScenarioName } from './options.ts'
import { type Journey, PHASES, type PlannedScan } from './phases.ts'
import { type Lane, PLACES, type PlaceId } from './places.ts'
import type { Rng } from './rng.ts'
import { SCENARIOS } from './scenarios.ts'
import type { SandboxEstimate } from './schema.ts'
import { type SandboxCode, STATUS_MAP } from './status-map.ts'

/** A planned scan as the carrier will report it. */
export interface JourneyScan extends PlannedScan {
  /** False for the few scans a partner reports in local time with no offset. */
  withOffset: boolean
  /** The delivery estimate the carrier publishes once this scan has happened. */
  estimate: SandboxEstimate | null
}

export interface PlanJourneyInput {
  rng: Rng
  lane: Lane
  scenario: ScenarioName
  /** UTC ms of the label scan. */
  start: number
  delays: SandboxDelays
  localTimeRate: number
}

const DAY_MS = 86_400_000
/** Scans that may come from a partner that reports local time only: mid-journey facility scans. */
const LOCAL_TIME_CODES: ReadonlySet<SandboxCode> = new Set(['AR', 'DP', 'RT'])
/** The last scans always carry an offset, so a journey's final state never depends on a guess. */
const OFFSET_KEPT_AT_END = 3
const DISRUPTIONS: ReadonlySet<Status> = new Set(['exception', 'attempt_failed'])
const ESTIMATE_ENDS: ReadonlySet<SandboxCode> = new Set(['RS', 'LS'])

/**
 * Plan one journey: the scenario's phases run on a time cursor, then each scan gets its offset
 * policy and the delivery estimate the carrier would show after it.
 * @example planJourney({ rng, lane: LANES[0], scenario: 'delivered', start: Date.now(), delays, localTimeRate: 0 })
 */
export function planJourney(input: PlanJourneyInput): JourneyScan[] {
  const { rng, lane, scenario, start, delays, localTimeRate } = input
  const journey: Journey = { rng, delays, lane, at: start, scans: [] }
  for (const phase of SCENARIOS[scenario].phases) PHASES[phase](journey)
  const { scans } = journey
  const estimates = estimatesFor(scans, lane, start)
  return scans.map((s, i) => ({
    ...s,
    withOffset: !(
      LOCAL_TIME_CODES.has(s.code) &&
      i < scans.length - OFFSET_KEPT_AT_END &&
      rng.chance(localTimeRate)
    ),
    estimate: estimates[i] ?? null,
  }))
}

/**
 * The estimate after each scan: the promised date at first; after a delay or failed attempt the
 * real (rescheduled) delivery date; none once the parcel is returning or lost.
 */
function estimatesFor(scans: readonly PlannedScan[], lane: Lane, start: number): (SandboxEstimate | null)[] {
  const zone = PLACES[lane.route.at(-1) as PlaceId].timeZone
  const last = scans.at(-1)
  const delivered = last !== undefined && STATUS_MAP[last.code].status === 'delivered'
  const rescheduled: SandboxEstimate | null = delivered
    ? { date: localDateOf(last.at, zone), kind: 'rescheduled' }
    : null
  let current: SandboxEstimate | null = {
    date: localDateOf(start + lane.transitDays * DAY_MS, zone),
    kind: 'scheduled',
  }
  return scans.map((s) => {
    if (ESTIMATE_ENDS.has(s.code)) current = null
    else if (current && DISRUPTIONS.has(STATUS_MAP[s.code].status)) current = rescheduled
    return current
  })
}
