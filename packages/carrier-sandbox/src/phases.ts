import { hoursMs, nextLocalHour } from './local-time.ts'
import type { SandboxDelays } from './options.ts'
import { type Lane, PLACES, type PlaceId } from './places.ts'
import type { Rng } from './rng.ts'
import type { SandboxCode } from './status-map.ts'

/** One scan of a planned journey: when (UTC ms), what (raw code) and where. */
export interface PlannedScan {
  at: number
  code: SandboxCode
  place: PlaceId
}

/** The journey being planned: a cursor in time plus the scans so far. */
export interface Journey {
  rng: Rng
  delays: SandboxDelays
  lane: Lane
  at: number
  scans: PlannedScan[]
}

/** Local hours at which couriers leave for their rounds, and how long a round takes to reach you. */
const ROUND_START_HOURS: [number, number] = [7, 9.5]
const ROUND_HOURS: [number, number] = [0.5, 9]
const RETURN_DESK_HOURS: [number, number] = [9, 16]
const MIN_GAP_MS = 60_000

function scan(j: Journey, code: SandboxCode, place: PlaceId): void {
  const previous = j.scans.at(-1)?.at ?? -Infinity
  j.at = Math.floor(Math.max(j.at, previous + MIN_GAP_MS) / 1000) * 1000
  j.scans.push({ at: j.at, code, place })
}

function wait(j: Journey, range: readonly [number, number]): void {
  j.at += hoursMs(j.rng.between(range))
}

/** Move the cursor to a local time of day at `place`, the next day if that time has passed. */
function waitUntilLocal(j: Journey, place: PlaceId, hours: readonly [number, number]): void {
  j.at = nextLocalHour(j.at + hoursMs(0.5), PLACES[place].timeZone, j.rng.between(hours))
}

const origin = (j: Journey): PlaceId => j.lane.route[0] as PlaceId
const destination = (j: Journey): PlaceId => j.lane.route.at(-1) as PlaceId

/** Something that goes wrong on the way: at which stop (route index) and what. */
interface Incident {
  stop: number
  kind: 'exception' | 'lost'
}

function travel(j: Journey, incident: Incident | null): void {
  const { route, customsAt } = j.lane
  for (let i = 1; i < route.length; i++) {
    const stop = route[i] as PlaceId
    const hit = incident?.stop === i ? incident.kind : null
    wait(j, j.delays.legHours)
    scan(j, 'AR', stop)
    if (stop === customsAt) clearCustoms(j, stop, hit === 'exception')
    else if (hit === 'exception') delay(j, stop, j.rng.pick(['WX', 'MC', 'DM'] as const))
    if (hit === 'lost') {
      goMissing(j, stop)
      return
    }
    if (i < route.length - 1) {
      wait(j, j.delays.dwellHours)
      scan(j, 'DP', stop)
    }
  }
}

function clearCustoms(j: Journey, stop: PlaceId, hold: boolean): void {
  wait(j, j.delays.dwellHours)
  scan(j, 'CI', stop)
  if (hold) delay(j, stop, 'CH')
  wait(j, j.delays.dwellHours)
  scan(j, 'CR', stop)
}

function delay(j: Journey, stop: PlaceId, code: SandboxCode): void {
  wait(j, j.delays.dwellHours)
  scan(j, code, stop)
  wait(j, j.delays.exceptionHours)
}

function goMissing(j: Journey, stop: PlaceId): void {
  wait(j, j.delays.lostAfterHours)
  scan(j, 'LS', stop)
}

function attempt(j: Journey, code: SandboxCode): void {
  waitUntilLocal(j, destination(j), ROUND_START_HOURS)
  scan(j, 'OD', destination(j))
  wait(j, ROUND_HOURS)
  scan(j, code, destination(j))
}

const anyStop = (j: Journey) => j.rng.int(1, j.lane.route.length - 1)

/**
 * The building blocks of every journey. A scenario (see `scenarios.ts`) is a list of these names.
 */
export const PHASES = {
  label: (j: Journey) => scan(j, 'MI', origin(j)),
  pickup: (j: Journey) => {
    wait(j, j.delays.pickupHours)
    scan(j, 'PU', origin(j))
    wait(j, j.delays.dwellHours)
    scan(j, 'DP', origin(j))
  },
  linehaul: (j: Journey) => travel(j, null),
  linehaulWithException: (j: Journey) => travel(j, { stop: anyStop(j), kind: 'exception' }),
  linehaulLost: (j: Journey) => travel(j, { stop: anyStop(j), kind: 'lost' }),
  deliver: (j: Journey) => attempt(j, j.rng.pick(['DL', 'DL', 'DS'] as const)),
  failedAttempts: (j: Journey) => {
    attempt(j, 'NA')
    if (!j.rng.chance(0.3)) {
      attempt(j, j.rng.pick(['DL', 'DS'] as const))
      return
    }
    attempt(j, 'NA')
    wait(j, j.delays.dwellHours)
    scan(j, 'HL', destination(j))
    wait(j, j.delays.collectHours)
    scan(j, 'CL', destination(j))
  },
  refused: (j: Journey) => {
    attempt(j, 'AD')
    waitUntilLocal(j, destination(j), RETURN_DESK_HOURS)
    scan(j, 'RS', destination(j))
  },
  returnToSender: (j: Journey) => {
    for (const stop of j.lane.route.slice(0, -1).reverse()) {
      wait(j, j.delays.legHours)
      scan(j, 'RT', stop)
    }
    waitUntilLocal(j, origin(j), RETURN_DESK_HOURS)
    scan(j, 'RD', origin(j))
  },
} as const satisfies Record<string, (j: Journey) => void>

export type PhaseName = keyof typeof PHASES
