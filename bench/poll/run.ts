/**
 * Poll schedule bench: carrier calls and detection delays of the adaptive schedule against fixed
 * hourly polling, over the same simulated journeys, in one run:
 *   node --conditions=@wismo/source bench/poll/run.ts [--shipments 10000] [--seed 7]
 * Journeys come from the sandbox carrier's model (lanes, delays, exceptions, failed attempts,
 * returns, lost parcels, carrier estimates). Each poll answers every scan that has happened by
 * then, as a carrier's track API does; a scan is detected at the first poll after it happened.
 * Nothing is timed: the figures are counts and simulated delays, the same on any machine.
 */
import { parseArgs } from 'node:util'
import {
  mapSandboxCode,
  type SimulatedShipment,
  sandboxCarrier,
} from '../../packages/carrier-sandbox/src/index.ts'
import {
  DEFAULT_POLL_SCHEDULE,
  deriveState,
  nextPollDelay,
  type Status,
} from '../../packages/core/src/index.ts'
import { prng, SANDBOX_SECRET } from '../ingest/stream.ts'

const { values: args } = parseArgs({
  options: {
    shipments: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '7' },
    // Overrides of DEFAULT_POLL_SCHEDULE as JSON, for tuning: --schedule '{"windowDaysBefore":1}'
    schedule: { type: 'string', default: '{}' },
  },
})
const HOUR = 3_600_000
const STOP: ReadonlySet<Status> = new Set(['delivered', 'returned', 'cancelled', 'expired'])
/** Polling gives up on a journey this long after its label (lost parcels never settle). */
const HORIZON_MS = 30 * 24 * HOUR

type Policy = (shipment: Visible, now: number, random: () => number) => number | null
interface Visible {
  status: Status
  etaDate: string | null
  lastEventAt: string | null
  atDestination: boolean
}

const fixedHourly: Policy = (v) => (STOP.has(v.status) ? null : HOUR)
const schedule = { ...DEFAULT_POLL_SCHEDULE, ...JSON.parse(args.schedule) }
const adaptive: Policy = (v, now, random) =>
  nextPollDelay({ ...v, pushes: false, failed: false, now: new Date(now), random }, schedule)

/** What a poll at `now` shows: the state of the scans that have happened, the latest estimate. */
function visibleAt(s: SimulatedShipment, now: number): Visible {
  const seen = s.scans.filter((x) => x.at <= now)
  const events = seen.map((x, i) => ({
    dedupKey: String(i).padStart(4, '0'),
    occurredAt: x.event.occurred_at,
    ...mapSandboxCode(x.event.code),
  }))
  const state = deriveState(events)
  const last = seen.at(-1)
  const place = last?.event.location
  return {
    status: state.status,
    etaDate: last?.estimate?.date ?? null,
    lastEventAt: last?.event.occurred_at ?? null,
    atDestination: !!place && place.city === s.destination.city && place.country === s.destination.country,
  }
}

interface Run {
  calls: number
  delivered: number
  delays: Record<'out_for_delivery' | 'delivered', number[]>
}

/** Poll one journey under a policy; add its calls and the detection delay of its milestones. */
function pollJourney(s: SimulatedShipment, policy: Policy, random: () => number, run: Run): void {
  const start = s.scans[0]?.at ?? 0
  const polls: number[] = []
  let now = start
  while (now - start <= HORIZON_MS) {
    polls.push(now)
    const visible = visibleAt(s, now)
    const wait = policy(visible, now, random)
    if (wait === null) break
    now += wait
  }
  run.calls += polls.length
  if (s.scans.some((x) => mapSandboxCode(x.event.code).status === 'delivered')) run.delivered++
  for (const milestone of ['out_for_delivery', 'delivered'] as const)
    for (const scan of s.scans.filter((x) => mapSandboxCode(x.event.code).status === milestone)) {
      const seenAt = polls.find((p) => p >= scan.at)
      if (seenAt !== undefined) run.delays[milestone].push(seenAt - scan.at)
    }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

const count = Number(args.shipments)
const sandbox = sandboxCarrier({
  seed: Number(args.seed),
  webhookSecret: SANDBOX_SECRET,
})
const { shipments } = sandbox.simulator.simulateMany({
  count,
  start: new Date('2026-03-02T06:00:00Z'),
  spreadMinutes: 7 * 24 * 60,
})
const runs = { fixed: newRun(), adaptive: newRun() }
const random = prng(Number(args.seed))
for (const s of shipments) {
  pollJourney(s, fixedHourly, random, runs.fixed)
  pollJourney(s, adaptive, random, runs.adaptive)
}

function newRun(): Run {
  return { calls: 0, delivered: 0, delays: { out_for_delivery: [], delivered: [] } }
}

const minutes = (ms: number) => (ms / 60_000).toFixed(1)
console.log(`poll bench: ${count} sandbox journeys, adaptive schedule vs fixed hourly polling`)
console.log('policy     calls/delivered  ofd_p50_min  ofd_p95_min  dlv_p50_min  dlv_p95_min')
for (const [name, r] of Object.entries(runs)) {
  const row = [
    name.padEnd(10),
    (r.calls / r.delivered).toFixed(2).padStart(15),
    minutes(quantile(r.delays.out_for_delivery, 0.5)).padStart(12),
    minutes(quantile(r.delays.out_for_delivery, 0.95)).padStart(12),
    minutes(quantile(r.delays.delivered, 0.5)).padStart(12),
    minutes(quantile(r.delays.delivered, 0.95)).padStart(12),
  ]
  console.log(row.join(' '))
}
const all = (r: Run) => [...r.delays.out_for_delivery, ...r.delays.delivered]
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Number.POSITIVE_INFINITY) : a / b)
const callsRatio = runs.adaptive.calls / runs.fixed.calls
const p50 = ratio(quantile(all(runs.adaptive), 0.5), quantile(all(runs.fixed), 0.5))
const p95 = ratio(quantile(all(runs.adaptive), 0.95), quantile(all(runs.fixed), 0.95))
console.log(
  `poll: calls_ratio=${callsRatio.toFixed(3)} detect_p50_ratio=${p50.toFixed(3)} detect_p95_ratio=${p95.toFixed(3)}`,
)
