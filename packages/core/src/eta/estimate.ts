/**
 * `estimateEta`: a pure step from what is known about a shipment now (scans, carrier estimates,
 * the shop's promise, the model) to its `Eta`: every current estimate, the best one by the blend
 * rule, and the revision history (the previous best is appended whenever the best changes).
 */
import { z } from 'zod'
import type {
  Address,
  Eta,
  EtaEstimate,
  EtaSource,
  Shipment,
  ShipmentFeatures,
  TrackingEventInput,
} from '../domain/schemas.ts'
import { TERMINAL_STATUSES } from '../domain/status.ts'
import { localDate } from '../domain/time.ts'
import { WismoError } from '../errors.ts'
import { boundedCache } from '../util/bounded-cache.ts'
import { type BlendCandidates, chooseBest, PHASE_OF_STATUS } from './blend.ts'
import { type BusinessCalendar, createCalendar } from './calendar.ts'
import { type CarrierEstimateInput, carrierTimeToMs, normalizeCarrierEstimates } from './carrier-dates.ts'
import { instant, type TransitModel } from './model.ts'
import type { DeliveredRecord, LaneQuery } from './types.ts'
import { addDays } from './zone.ts'

const MAX_REVISIONS = 200
const MAX_ESTIMATES = 50
const PRE_TRANSIT = new Set(['pending', 'info_received'])

/** Options of {@link estimateEta}. */
export const EtaOptionsSchema = z
  .object({
    /** The model's window: lower and upper quantile. */
    interval: z.tuple([z.number().gt(0).lt(0.5), z.number().gt(0.5).lt(1)]).default([0.1, 0.9]),
    /** Confidence given to the shop's own promise. */
    hostConfidence: z.number().min(0).max(1).default(0.5),
    /** Confidence of "delivered today" once out for delivery without a carrier date (an assumption, not measured). */
    sameDayConfidence: z.number().min(0).max(1).default(0.9),
    /** Zone for carrier times without offset when the model has no calendar for the destination. */
    timeZone: z.string().default('UTC'),
    /** Leading characters of the destination postal code used as the lane's area (0: none). */
    postalAreaLength: z.number().int().min(0).max(10).default(0),
  })
  .strict()

export type EtaOptions = z.input<typeof EtaOptionsSchema>

/** The shipment fields the estimator reads. */
export type EtaShipment = Pick<
  Shipment,
  'carrier' | 'service' | 'origin' | 'destination' | 'status' | 'promisedDate' | 'eta'
> & {
  /** When the customer bought (ISO instant), if known. */
  purchasedAt?: string | null
  features?: ShipmentFeatures
}

/** Input of {@link estimateEta}. */
export interface EtaInput {
  shipment: EtaShipment
  events: ReadonlyArray<Pick<TrackingEventInput, 'status' | 'subStatus' | 'occurredAt'>>
  carrierEstimates?: readonly CarrierEstimateInput[]
  model?: TransitModel | null
  /** ISO instant; defaults to the current time. */
  now?: string
  options?: EtaOptions
}

/**
 * The lane of a shipment, built the same way for learning and for asking.
 * @example laneOfShipment({ carrier: 'ups', service: 'ground', origin: { region: 'CA' }, destination: { region: 'NY', country: 'US' } })
 */
export function laneOfShipment(
  s: Pick<EtaShipment, 'carrier' | 'service' | 'origin' | 'destination' | 'features'>,
  postalAreaLength = 0,
): LaneQuery & Pick<DeliveredRecord, 'destinationCountry' | 'originCountry'> {
  const area = (a: Address | null) =>
    postalAreaLength > 0 && a?.postalCode ? a.postalCode.slice(0, postalAreaLength) : null
  return {
    carrier: s.carrier,
    service: s.service,
    originRegion: s.origin?.region ?? null,
    destinationRegion: s.destination?.region ?? null,
    destinationArea: area(s.destination),
    originCountry: s.origin?.country ?? null,
    destinationCountry: s.destination?.country ?? null,
    ...s.features,
  }
}

/**
 * Estimate a shipment's delivery. Pure apart from reading the clock when `now` is omitted.
 * @example
 * const eta = estimateEta({ shipment, events, carrierEstimates: update.estimates, model, now: '2024-05-02T09:00:00Z' })
 * eta.best?.date // '2024-05-06'
 */
export function estimateEta(input: EtaInput): Eta {
  const options = parseEtaOptions(input.options)
  const now = input.now ?? new Date().toISOString()
  const nowMs = instant(now, 'now')
  const { shipment } = input
  const previous = shipment.eta ?? { best: null, estimates: [], revisions: [] }
  if (TERMINAL_STATUSES.includes(shipment.status)) return previous
  const lane = laneOfShipment(shipment, options.postalAreaLength)
  const calendar = input.model?.calendarOf(lane) ?? zoneCalendar(options.timeZone)
  const today = calendar.localDate(nowMs)
  const carrier = latestCarrier(
    previous.estimates,
    normalizeCarrierEstimates(input.carrierEstimates ?? [], now),
  )
  const model = modelEstimate(input, lane, calendar, now, options.interval)
  const host = hostEstimate(shipment.promisedDate, previous.estimates, options.hostConfidence, now)
  const estimates = [...Object.values(carrier), model, host].filter((e) => e !== null).slice(0, MAX_ESTIMATES)
  const fresh = Object.fromEntries(Object.entries(carrier).filter(([, e]) => localDate(e.date) >= today))
  const candidates: BlendCandidates = {
    carrier: fresh,
    model,
    host,
    today,
    sameDay: {
      source: 'model',
      date: today,
      earliest: today,
      latest: today,
      confidence: options.sameDayConfidence,
      madeAt: now,
    },
  }
  const phase = PHASE_OF_STATUS[shipment.status as keyof typeof PHASE_OF_STATUS]
  return withRevision(previous, chooseBest(phase, candidates), estimates)
}

/** The options every call without any gets, parsed once (most callers, ingest among them, pass none). */
const DEFAULT_OPTIONS = Object.freeze(EtaOptionsSchema.parse({}))

/** The plain calendar of a zone (no holidays), made once per zone. */
const zoneCalendars = boundedCache<BusinessCalendar>(64)
const zoneCalendar = (timeZone: string) => zoneCalendars.get(timeZone, () => createCalendar({ timeZone }))

/** `options` parsed (`CONFIG_INVALID` when they are not valid); none: the defaults, parsed once. */
export function parseEtaOptions(options: EtaOptions | undefined): z.output<typeof EtaOptionsSchema> {
  if (options === undefined) return DEFAULT_OPTIONS
  const parsed = EtaOptionsSchema.safeParse(options)
  if (!parsed.success)
    throw new WismoError('CONFIG_INVALID', `Invalid ETA options: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** Latest estimate per carrier source; a later scheduled date than the one held becomes a reschedule. */
function latestCarrier(
  held: readonly EtaEstimate[],
  incoming: readonly EtaEstimate[],
): Partial<Record<EtaSource, EtaEstimate>> {
  const out: Partial<Record<EtaSource, EtaEstimate>> = {}
  const ordered = [...held, ...incoming]
    .filter((x) => x.source.startsWith('carrier_'))
    .sort((a, b) => Date.parse(a.madeAt) - Date.parse(b.madeAt))
  for (const e of ordered) {
    const current = out[e.source]
    if (e.source === 'carrier_scheduled' && current && localDate(e.date) > localDate(current.date)) {
      out.carrier_rescheduled = { ...e, source: 'carrier_rescheduled' }
    }
    out[e.source] = e
  }
  return out
}

/** Where the model should count from: hand-over (first carrier scan) if seen, else purchase. */
function modelStart(
  input: EtaInput,
  calendar: BusinessCalendar,
  now: string,
): { from: 'purchase' | 'handover'; startedAt: string } {
  const scans = [...input.events]
    .map((e) => ({ status: e.status, ms: carrierTimeToMs(e.occurredAt, calendar.timeZone) }))
    .sort((a, b) => a.ms - b.ms)
  const handover = scans.find((e) => !PRE_TRANSIT.has(e.status))
  if (handover) return { from: 'handover', startedAt: new Date(handover.ms).toISOString() }
  const first = scans[0] ? new Date(scans[0].ms).toISOString() : now
  return { from: 'purchase', startedAt: input.shipment.purchasedAt ?? first }
}

function modelEstimate(
  input: EtaInput,
  lane: LaneQuery & Pick<DeliveredRecord, 'destinationCountry'>,
  calendar: BusinessCalendar,
  now: string,
  [low, high]: [number, number],
): EtaEstimate | null {
  if (!input.model) return null
  const p = input.model.predict({
    shipment: lane,
    ...modelStart(input, calendar, now),
    now,
    quantiles: [low, 0.5, high],
  })
  const [lo, mid, hi] = p?.quantiles ?? []
  if (!lo || !mid || !hi) return null
  return {
    source: 'model',
    date: mid.date,
    earliest: lo.date,
    latest: hi.date,
    confidence: high - low,
    madeAt: now,
  }
}

/**
 * Probability that the shipment is delivered after the end of the shop's promised date, from the
 * model and how long the parcel has waited since its latest milestone; `null` without a promise
 * or model data. Feed it to `detectSignals` as `lateProbability`.
 * @example promiseRisk({ shipment, events, model, now }) // 0.42
 */
export function promiseRisk(input: EtaInput): number | null {
  const { shipment, model } = input
  if (!model || !shipment.promisedDate || TERMINAL_STATUSES.includes(shipment.status)) return null
  const options = parseEtaOptions(input.options)
  const now = input.now ?? new Date().toISOString()
  const lane = laneOfShipment(shipment, options.postalAreaLength)
  const calendar = model.calendarOf(lane)
  const promiseBy = new Date(calendar.startOfDate(addDays(localDate(shipment.promisedDate), 1))).toISOString()
  const p = model.predict({
    shipment: lane,
    ...modelStart(input, calendar, now),
    now,
    quantiles: [0.5],
    promiseBy,
  })
  return p?.probabilityLate ?? null
}

function hostEstimate(
  promised: string | null,
  held: readonly EtaEstimate[],
  confidence: number,
  now: string,
): EtaEstimate | null {
  if (!promised) return null
  const same = held.find((e) => e.source === 'host_promised' && e.date === promised)
  return (
    same ?? { source: 'host_promised', date: promised, earliest: null, latest: null, confidence, madeAt: now }
  )
}

const sameEstimate = (a: EtaEstimate, b: EtaEstimate) =>
  a.source === b.source &&
  a.date === b.date &&
  (a.earliest ?? null) === (b.earliest ?? null) &&
  (a.latest ?? null) === (b.latest ?? null)

function withRevision(previous: Eta, best: EtaEstimate | null, estimates: EtaEstimate[]): Eta {
  const old = previous.best
  if (!best || (old && sameEstimate(old, best)))
    return { best: old ?? best, estimates, revisions: previous.revisions }
  const revisions = old ? [...previous.revisions, old].slice(-MAX_REVISIONS) : previous.revisions
  return { best, estimates, revisions }
}
