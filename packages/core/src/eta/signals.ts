/**
 * The signal detector: `delayed`, `stalled` and `trending_late`, each fired once per episode. It
 * is pure: it takes the previous state and what is known now, and returns the new state plus the
 * signals that newly fired. An episode ends when its condition clears (for `trending_late`, only
 * once the probability drops below the threshold minus a hysteresis margin, so it does not flap).
 */
import { z } from 'zod'
import type { Eta } from '../domain/schemas.ts'
import { type Status, TERMINAL_STATUSES } from '../domain/status.ts'
import { localDate } from '../domain/time.ts'
import { WismoError } from '../errors.ts'
import { carrierTimeToMs } from './carrier-dates.ts'
import { instant, type TransitModel } from './model.ts'
import type { EtaSignal, LaneQuery, SignalState } from './types.ts'

/** Carrier sub-statuses that mean "this will be late" by themselves. */
export const DELAY_SUB_STATUSES: readonly string[] = [
  'delayed',
  'weather_delay',
  'rescheduled',
  'customs_hold',
]

/**
 * Hours without a scan after which a shipment counts as stalled when the model has no gap data
 * for its lane yet. Defaults, not measurements: override them with what your carriers do.
 */
export const DEFAULT_STALL_HOURS: Readonly<Partial<Record<Status, number>>> = {
  pending: 72,
  info_received: 72,
  in_transit: 96,
  out_for_delivery: 18,
  attempt_failed: 48,
  available_for_pickup: 168,
  exception: 48,
}

/** Options of {@link detectSignals}. */
export const SignalOptionsSchema = z
  .object({
    trendingLateThreshold: z.number().gt(0).lt(1).default(0.3),
    /** `trending_late` ends once the probability is below threshold minus this. */
    hysteresis: z.number().min(0).lt(1).default(0.1),
  })
  .strict()

/** The parse of no options, made once (ingest passes none unless the host set some). */
const DEFAULT_OPTIONS = SignalOptionsSchema.safeParse({})

/** What the detector needs to know now. */
export interface SignalInput {
  status: Status
  subStatus: string | null
  eta: Eta | null
  /** The shop's promise (local `YYYY-MM-DD`). */
  promisedDate: string | null
  /** Time of the latest scan (carrier time), or null before the first. */
  lastScanAt: string | null
  /** Hours of silence after which the shipment is stalled (see {@link stallThresholdHours}). */
  stallAfterHours: number | null
  /** Probability of delivering after the promise (from the model), or null. */
  lateProbability: number | null
  /** Zone for carrier times without an offset. */
  timeZone?: string
  state: SignalState | null
  /** ISO instant; defaults to the current time. */
  now?: string
  options?: z.input<typeof SignalOptionsSchema>
}

/** One signal that newly fired. */
export interface SignalEvent {
  type: EtaSignal
  at: string
  reason: string
}

/** The detector's answer. */
export interface SignalResult {
  state: SignalState
  fired: SignalEvent[]
}

/**
 * Detect signals.
 * @example
 * const { state, fired } = detectSignals({ status: 'in_transit', subStatus: 'weather_delay', eta, promisedDate: '2024-05-06',
 *   lastScanAt: '2024-05-02T08:00:00Z', stallAfterHours: 72, lateProbability: 0.2, state: saved })
 * for (const e of fired) emit(e.type, e) // 'delayed' once, until the delay clears
 */
export function detectSignals(input: SignalInput): SignalResult {
  const parsed = input.options === undefined ? DEFAULT_OPTIONS : SignalOptionsSchema.safeParse(input.options)
  if (!parsed.success)
    throw new WismoError('CONFIG_INVALID', `Invalid signal options: ${z.prettifyError(parsed.error)}`)
  const now = input.now ?? new Date().toISOString()
  const nowMs = instant(now, 'now')
  const was = new Set(input.state?.active ?? [])
  const reasons = TERMINAL_STATUSES.includes(input.status)
    ? new Map<EtaSignal, string>()
    : conditions(input, nowMs, was, parsed.data)
  const fired = [...reasons]
    .filter(([type]) => !was.has(type))
    .map(([type, reason]) => ({ type, at: now, reason }))
  const order: readonly EtaSignal[] = ['delayed', 'stalled', 'trending_late']
  return { state: { active: order.filter((s) => reasons.has(s)) }, fired }
}

function conditions(
  input: SignalInput,
  nowMs: number,
  was: ReadonlySet<EtaSignal>,
  o: z.output<typeof SignalOptionsSchema>,
): Map<EtaSignal, string> {
  const out = new Map<EtaSignal, string>()
  const best = input.eta?.best
  if (input.subStatus && DELAY_SUB_STATUSES.includes(input.subStatus))
    out.set('delayed', `carrier reported ${input.subStatus}`)
  else if (best && input.promisedDate && localDate(best.date) > input.promisedDate) {
    out.set('delayed', `best estimate ${localDate(best.date)} is after the promised ${input.promisedDate}`)
  }
  if (input.lastScanAt && input.stallAfterHours !== null) {
    const silent = (nowMs - carrierTimeToMs(input.lastScanAt, input.timeZone ?? 'UTC')) / 3_600_000
    if (silent > input.stallAfterHours)
      out.set(
        'stalled',
        `no scan for ${Math.floor(silent)} h (usual at most ${Math.round(input.stallAfterHours)} h)`,
      )
  }
  const p = input.lateProbability
  const bar = was.has('trending_late') ? o.trendingLateThreshold - o.hysteresis : o.trendingLateThreshold
  if (p !== null && p > bar) out.set('trending_late', `${Math.round(p * 100)} % likely to miss the promise`)
  return out
}

/**
 * The stall threshold for a shipment at a milestone: the lane's q-quantile silence from the
 * model when it has enough data, else {@link DEFAULT_STALL_HOURS}.
 * @example stallThresholdHours(model, lane, 'in_transit', '2024-05-02T09:00:00Z') // e.g. 61.5
 */
export function stallThresholdHours(
  model: TransitModel | null | undefined,
  lane: LaneQuery,
  status: Status,
  now: string,
  quantile = 0.95,
): number | null {
  return model?.scanGap(lane, status, quantile, now) ?? DEFAULT_STALL_HOURS[status] ?? null
}
