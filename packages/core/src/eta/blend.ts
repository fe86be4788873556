/**
 * The best-estimate rule, as data: per phase of the journey, an ordered list of picks; the first
 * pick that yields an estimate wins. Out for delivery, the carrier's same-day word is trusted;
 * in transit, a carrier's guarantee or reschedule beats the model, and its scheduled date is taken
 * when it lies inside the model's 80 % window; before hand-over, the model leads.
 */
import type { EtaEstimate, EtaSource } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import { localDate } from '../domain/time.ts'

/** Where a shipment is in its journey, for choosing the best estimate. */
export type EtaPhase = 'pre_transit' | 'in_transit' | 'out_for_delivery'

/**
 * Phase of each non-terminal milestone.
 * @example PHASE_OF_STATUS.attempt_failed // 'in_transit'
 */
export const PHASE_OF_STATUS: Readonly<
  Record<Exclude<Status, 'delivered' | 'returned' | 'cancelled'>, EtaPhase>
> = {
  pending: 'pre_transit',
  info_received: 'pre_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  attempt_failed: 'in_transit',
  available_for_pickup: 'in_transit',
  exception: 'in_transit',
  expired: 'in_transit',
}

/** What the picks choose from. */
export interface BlendCandidates {
  /** Latest carrier estimate per source, stale ones (dated before today) removed. */
  carrier: Partial<Record<EtaSource, EtaEstimate>>
  model: EtaEstimate | null
  host: EtaEstimate | null
  /** Today's local date at the destination. */
  today: string
  /** The estimate "delivered today" used once out for delivery without a carrier word for today. */
  sameDay: EtaEstimate
}

type PickName = keyof typeof PICKS

const onDate = (e: EtaEstimate | undefined, day: string) => (e && localDate(e.date) === day ? e : null)
const within = (e: EtaEstimate, window: EtaEstimate) =>
  localDate(e.date) >= localDate(window.earliest ?? window.date) &&
  localDate(e.date) <= localDate(window.latest ?? window.date)

/** Named picks. Each returns an estimate or `null` when it does not apply. */
export const PICKS = {
  carrier_window_today: (c: BlendCandidates) => onDate(c.carrier.carrier_window, c.today),
  carrier_today: (c: BlendCandidates) =>
    onDate(c.carrier.carrier_rescheduled, c.today) ??
    onDate(c.carrier.carrier_guaranteed, c.today) ??
    onDate(c.carrier.carrier_scheduled, c.today),
  same_day: (c: BlendCandidates) => c.sameDay,
  carrier_guaranteed: (c: BlendCandidates) => c.carrier.carrier_guaranteed ?? null,
  carrier_rescheduled: (c: BlendCandidates) => c.carrier.carrier_rescheduled ?? null,
  carrier_window: (c: BlendCandidates) => c.carrier.carrier_window ?? null,
  carrier_scheduled_plausible: (c: BlendCandidates) => {
    const s = c.carrier.carrier_scheduled
    if (!s || !c.model) return null
    return within(s, c.model) ? { ...s, confidence: Math.max(s.confidence, c.model.confidence) } : null
  },
  carrier_scheduled: (c: BlendCandidates) => c.carrier.carrier_scheduled ?? null,
  model: (c: BlendCandidates) => c.model,
  host_promised: (c: BlendCandidates) => c.host,
} as const satisfies Record<string, (c: BlendCandidates) => EtaEstimate | null>

/**
 * The rule: per phase, picks in order of trust.
 * @example BLEND_RULES.out_for_delivery // ['carrier_window_today', 'carrier_today', 'same_day']
 */
export const BLEND_RULES: Readonly<Record<EtaPhase, readonly PickName[]>> = {
  out_for_delivery: ['carrier_window_today', 'carrier_today', 'same_day'],
  in_transit: [
    'carrier_guaranteed',
    'carrier_rescheduled',
    'carrier_window',
    'carrier_scheduled_plausible',
    'model',
    'carrier_scheduled',
    'host_promised',
  ],
  pre_transit: ['model', 'carrier_guaranteed', 'carrier_scheduled', 'carrier_window', 'host_promised'],
}

/**
 * Apply the rule for a phase.
 * @example chooseBest('in_transit', candidates)?.source // 'carrier_scheduled' when inside the model's window
 */
export function chooseBest(phase: EtaPhase, candidates: BlendCandidates): EtaEstimate | null {
  for (const name of BLEND_RULES[phase]) {
    const pick = PICKS[name](candidates)
    if (pick) return pick
  }
  return null
}
