/**
 * The transit-time model. Per milestone it is counted from (purchase, carrier hand-over) it keeps:
 * lane baselines with fallbacks, a feature regression, the long-run distribution of what those
 * leave unexplained (Kaplan–Meier with in-flight shipments censored), and the current shift δ
 * fitted on recent shipments. Time is counted in working days of the destination's calendar.
 * It answers quantiles of the delivery instant, optionally given how long the parcel has waited.
 */
import { z } from 'zod'
import { parseCarrierTime } from '../domain/time.ts'
import { WismoError } from '../errors.ts'
import { type BusinessCalendar, calendarRegistry } from './calendar.ts'
import { createExpiringIds } from './expiring-ids.ts'
import { createGapStats } from './gaps.ts'
import { gridQuantile, gridSurvival } from './km.ts'
import { type CalendarFor, type TransitModelOptions, TransitModelOptionsSchema } from './options.ts'
import { createStartModel, type StartModel } from './start-model.ts'
import type { DeliveredRecord, InFlightRecord, LaneQuery, TransitStart } from './types.ts'

const STARTS = ['purchase', 'handover'] as const satisfies readonly TransitStart[]
const startField = { purchase: 'purchasedAt', handover: 'handedOverAt' } as const

export { type CalendarFor, type TransitModelOptions, TransitModelOptionsSchema }

/** A question to the model. Times are ISO instants. */
export interface TransitQuestion {
  shipment: LaneQuery & Pick<DeliveredRecord, 'destinationCountry'>
  from: TransitStart
  startedAt: string
  now: string
  /** Quantiles wanted, in (0, 1). Default `[0.1, 0.5, 0.9]`. */
  quantiles?: readonly number[]
  /** A promise instant: the answer then carries the probability of delivering after it. */
  promiseBy?: string | null
}

/** One quantile of the delivery time. */
export interface TransitQuantile {
  q: number
  /** The instant (ISO, UTC). */
  at: string
  /** Its local date in the destination calendar's zone. */
  date: string
  /** Working days from the transit start. */
  workDays: number
}

/** The model's answer. */
export interface TransitPrediction {
  from: TransitStart
  /** Fallback level the lane baseline came from and its recency-weighted number of deliveries. */
  level: string
  weight: number
  /** Current log-time shift: 0.1 ≈ shipments now take 10 % longer than the long-run distribution. */
  shift: number
  /** Current delivery rate against the long run (hazard multiplier): 0.8 ≈ 20 % fewer deliveries than usual. */
  rate: number
  /** Yearly-season log-time shift for this start (0 without a year of history or when off). */
  season: number
  elapsedWorkDays: number
  quantiles: TransitQuantile[]
  probabilityLate: number | null
}

/** An online transit-time model. */
export interface TransitModel {
  /** Learn from one completed delivery (also ends its in-flight tracking). Returns the starts learned. */
  learn(record: DeliveredRecord): TransitStart[]
  /** Count a shipment as in flight from the milestones it has reached (censored until delivered). */
  track(record: InFlightRecord): void
  /** Stop counting a shipment that will not be delivered (cancelled, returned, lost). */
  forget(shipmentId: string): void
  /** Quantiles of the delivery instant, or `null` before the model has any delivery to go on. */
  predict(question: TransitQuestion): TransitPrediction | null
  /** The lane's usual longest silence (q-quantile, hours) at a milestone, or `null` without data. */
  scanGap(shipment: LaneQuery, milestone: string, q: number, now: string): number | null
  calendarOf(shipment: Pick<DeliveredRecord, 'destinationCountry' | 'destinationRegion'>): BusinessCalendar
}

/**
 * Create an empty model; feed it deliveries with `learn` as they complete.
 * @example
 * const model = createTransitModel({ calendar: () => createCalendar({ country: 'BR', timeZone: 'America/Sao_Paulo' }) })
 * model.learn(record)
 * model.predict({ shipment: lane, from: 'purchase', startedAt: '2017-11-20T12:00:00Z', now: '2017-11-20T12:00:00Z' })
 */
export function createTransitModel(options: TransitModelOptions = {}): TransitModel {
  const parsed = TransitModelOptionsSchema.safeParse(options)
  if (!parsed.success)
    throw new WismoError('CONFIG_INVALID', `Invalid ETA model options: ${z.prettifyError(parsed.error)}`)
  const o = parsed.data
  const registry = calendarRegistry()
  const calendarOf: CalendarFor = o.calendar ?? ((s) => registry(s.destinationCountry, s.destinationRegion))
  const starts = { purchase: createStartModel(o), handover: createStartModel(o) }
  const handling = createStartModel(o)
  /** Shipments whose handling (purchase → hand-over) was already learned, by hand-over instant. */
  const handled = createExpiringIds(o.maxInFlightDays)
  const learnHandling = (record: InFlightRecord, calendar: BusinessCalendar) => {
    if (handled.has(record.shipmentId) || record.purchasedAt == null || record.handedOverAt == null) return
    const handoverMs = instant(record.handedOverAt, 'handedOverAt')
    handled.add(record.shipmentId, handoverMs)
    handling.learn(
      { ...record, deliveredAt: record.handedOverAt, promisedDate: null },
      calendar,
      instant(record.purchasedAt, 'purchasedAt'),
      handoverMs,
    )
  }
  const gaps = createGapStats(o.laneHalfLifeDays, o.gapMinWeight)

  return {
    learn(record) {
      const deliveredMs = instant(record.deliveredAt, 'deliveredAt')
      const calendar = calendarOf(record)
      const learned = STARTS.filter((start) => {
        const at = record[startField[start]]
        if (at == null) return false
        return starts[start].learn(record, calendar, instant(at, startField[start]), deliveredMs)
      })
      for (const gap of record.gaps ?? []) gaps.add(record, gap.milestone, gap.hours, deliveredMs)
      if (o.splitHandling) learnHandling(record, calendar)
      handled.delete(record.shipmentId)
      return learned
    },
    track(record) {
      const calendar = calendarOf(record)
      for (const start of STARTS) {
        const at = record[startField[start]]
        if (at != null) starts[start].track(record, calendar, instant(at, startField[start]))
      }
      if (o.splitHandling) {
        if (record.purchasedAt != null)
          handling.track(record, calendar, instant(record.purchasedAt, 'purchasedAt'))
        learnHandling(record, calendar)
      }
    },
    forget(id) {
      for (const start of STARTS) starts[start].forget(id)
      handling.forget(id)
      handled.delete(id)
    },
    predict(question) {
      const calendar = calendarOf(question.shipment)
      const direct = predictWith(starts[question.from], calendar, question)
      if (!o.splitHandling || question.from !== 'purchase' || !direct) return direct
      return splitPrediction(handling, starts.handover, calendar, question, direct) ?? direct
    },
    scanGap(shipment, milestone, q, now) {
      return gaps.quantile(shipment, milestone, q, instant(now, 'now'))?.hours ?? null
    },
    calendarOf,
  }
}

function predictWith(
  model: StartModel,
  calendar: BusinessCalendar,
  question: TransitQuestion,
): TransitPrediction | null {
  const startMs = instant(question.startedAt, 'startedAt')
  const nowMs = instant(question.now, 'now')
  const base = model.baseline(question.shipment, nowMs)
  if (!base) return null
  const conditions = model.conditions(nowMs)
  const { shift, rate } = conditions
  const distribution = conditions.forLane(question.shipment)
  const t0 = calendar.transitStart(startMs)
  const elapsed = calendar.workTimeBetween(t0, nowMs)
  const season = model.seasonAt(startMs)
  const center = base.pred + season + shift
  const waited = gridSurvival(distribution, Math.log1p(elapsed) - center)
  const quantiles = (question.quantiles ?? [0.1, 0.5, 0.9]).map((q) => {
    if (!(q > 0 && q < 1)) throw new WismoError('INPUT_INVALID', `Quantile must be in (0, 1), got ${q}`)
    // Proportional hazards with the current rate: S(t | waited) = (S0(t) / S0(waited))^rate.
    const p = 1 - waited * (1 - q) ** (1 / rate)
    const workDays = Math.max(elapsed, Math.expm1(center + gridQuantile(distribution, Math.min(p, 1 - 1e-9))))
    const ms = Math.max(nowMs, calendar.addWorkTime(t0, workDays))
    return { q, at: new Date(ms).toISOString(), date: calendar.localDate(ms), workDays }
  })
  return {
    from: question.from,
    level: base.level,
    weight: base.weight,
    shift,
    rate,
    season,
    elapsedWorkDays: elapsed,
    quantiles,
    probabilityLate: lateProbability(question.promiseBy, calendar, t0, center, distribution, waited, rate),
  }
}

const SPLIT_GRID = Array.from({ length: 15 }, (_, i) => (i + 0.5) / 15)

/**
 * Delivery before hand-over as handling + transit: the handling quantiles (given how long the
 * order has waited) each followed by the transit quantiles from that hand-over instant, combined
 * on the working-time clock. `null` when either part has no data yet.
 */
function splitPrediction(
  handling: StartModel,
  transit: StartModel,
  calendar: BusinessCalendar,
  question: TransitQuestion,
  direct: TransitPrediction,
): TransitPrediction | null {
  const h = predictWith(handling, calendar, { ...question, quantiles: SPLIT_GRID, promiseBy: null })
  const t = predictWith(transit, calendar, {
    ...question,
    from: 'handover',
    startedAt: question.now,
    quantiles: SPLIT_GRID,
    promiseBy: null,
  })
  if (!h || !t) return null
  const t0 = calendar.transitStart(instant(question.startedAt, 'startedAt'))
  const clock0 = calendar.workClock(t0)
  const sums: number[] = []
  for (const hq of h.quantiles) {
    const handoverClock = calendar.workClock(calendar.transitStart(Date.parse(hq.at)))
    for (const tq of t.quantiles) sums.push(handoverClock + tq.workDays - clock0)
  }
  sums.sort((a, b) => a - b)
  const nowMs = instant(question.now, 'now')
  const at = (q: number) =>
    sums[Math.min(sums.length - 1, Math.max(0, Math.round(q * sums.length - 0.5)))] as number
  const quantiles = (question.quantiles ?? [0.1, 0.5, 0.9]).map((q) => {
    const workDays = Math.max(direct.elapsedWorkDays, at(q))
    const ms = Math.max(nowMs, calendar.addWorkTime(t0, workDays))
    return { q, at: new Date(ms).toISOString(), date: calendar.localDate(ms), workDays }
  })
  let probabilityLate = direct.probabilityLate
  if (question.promiseBy != null) {
    const limit = calendar.workTimeBetween(t0, instant(question.promiseBy, 'promiseBy'))
    probabilityLate = sums.filter((v) => v > limit).length / sums.length
  }
  return { ...direct, quantiles, probabilityLate }
}

function lateProbability(
  promiseBy: string | null | undefined,
  calendar: BusinessCalendar,
  t0: number,
  center: number,
  distribution: ReturnType<StartModel['conditions']>['distribution'],
  waited: number,
  rate: number,
): number | null {
  if (promiseBy == null) return null
  const days = calendar.workTimeBetween(t0, instant(promiseBy, 'promiseBy'))
  if (waited <= 0) return 1
  return Math.min(1, (gridSurvival(distribution, Math.log1p(days) - center) / waited) ** rate)
}

/**
 * Epoch milliseconds of an ISO instant (with `Z` or an offset), or `INPUT_INVALID` naming the field.
 * Local times without an offset are refused: their instant depends on a zone nobody gave.
 * @example instant('2017-11-20T12:00:00-02:00', 'now') // 1511186400000
 */
export function instant(value: string, field: string): number {
  const parsed = parseCarrierTime(value)
  if (parsed?.kind !== 'instant') {
    throw new WismoError('INPUT_INVALID', `${field} is not an ISO instant with an offset: ${value}`, {
      details: { field },
    })
  }
  return parsed.sortKey
}
