/**
 * The model for transit counted from one milestone (purchase or hand-over); see `model.ts`.
 */
import type { BusinessCalendar } from './calendar.ts'
import { type CohortMember, createRecentCohort } from './cohort.ts'
import { createQueueCongestion } from './congestion.ts'
import { createDecayClock, recencyWeight } from './decay.ts'
import { createFeatureModel } from './features.ts'
import { binOf, GRID, type GridDistribution, gridSurvival, kaplanMeier } from './km.ts'
import { createLaneStats, LANE_LEVELS } from './lanes.ts'
import { createRateTracker } from './rate.ts'
import { createSeasonality } from './season.ts'
import { fitShift } from './shift.ts'
import type { DeliveredRecord, InFlightRecord, LaneQuery } from './types.ts'
import { createVolumeTracker } from './volume.ts'

const DAY_MS = 86_400_000
const TICK_MS = 6 * 3_600_000
const cumulativeHazard = (d: GridDistribution, r: number) =>
  Math.min(8, -Math.log(Math.max(1e-6, gridSurvival(d, r))))

/** The tuning knobs a start model reads (see `TransitModelOptionsSchema`). */
export interface StartModelOptions {
  laneHalfLifeDays: number
  lanePriorWeight: number
  featureRidge: number
  residualHalfLifeDays: number
  shiftHalfLifeDays: number | null
  shiftPriorSd: number
  rateHalfLifeDays: number | null
  ratePriorWeight: number
  ratePersistence: number
  maxInFlightDays: number
  congestionHalfLifeDays: number | null
  cohortHalfLifeDays: number | null
  cohortPriorWeight: number
  cohortLaneLevel: string | null
  queueExponent: number
  queueThroughputDays: number
  queueBaselineDays: number
  seasonWindowDays: number | null
  seasonAroundDays: number
  seasonPriorWeight: number
  seasonMinWeight: number
}

interface InFlight {
  startMs: number
  clockAt: number
  pred: number
  calendar: BusinessCalendar
  /** Expected deliveries (cumulative hazard) accrued up to the last tick. */
  hazard: number
  /** The congestion signal when it started (the feature it is learned with). */
  congestion: number | null
  /** Its key at the recent cohort's lane level. */
  cohortLane: string | null
  /** The seasonal shift included in `pred` when it started. */
  season: number
}

/** Current conditions: long-run residual distribution and the recent shift against it. */
export interface Conditions {
  distribution: GridDistribution
  shift: number
  /** Hazard multiplier for the time ahead: < 1 when parcels currently move slower than usual. */
  rate: number
  /** The distribution for a lane: its recent cohort blended in when that is on, else `distribution`. */
  forLane(lane: LaneQuery): GridDistribution
}

/** One start's statistics. */
export interface StartModel {
  learn(record: DeliveredRecord, calendar: BusinessCalendar, startMs: number, deliveredMs: number): boolean
  track(record: InFlightRecord, calendar: BusinessCalendar, startMs: number): void
  forget(id: string): void
  /** `congestion`: the signal at the shipment's start (default: the current one). */
  baseline(
    lane: LaneQuery,
    nowMs: number,
    congestion?: number | null,
  ): { pred: number; level: string; weight: number } | null
  conditions(nowMs: number): Conditions
  /** The yearly-season log-time shift for shipments starting at `startMs` (0 when off or unknown). */
  seasonAt(startMs: number): number
}

/**
 * @example const purchase = createStartModel(TransitModelOptionsSchema.parse({}))
 */
export function createStartModel(o: StartModelOptions): StartModel {
  const lanes = createLaneStats(o.laneHalfLifeDays, o.lanePriorWeight)
  const features = createFeatureModel(o.laneHalfLifeDays, o.featureRidge)
  const longEvents = new Float64Array(GRID.bins)
  const recentEvents = new Float64Array(GRID.bins)
  const scale = (a: Float64Array) => (f: number) => {
    for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * f
  }
  const longClock = createDecayClock(o.residualHalfLifeDays, scale(longEvents))
  const recentClock = createDecayClock(o.shiftHalfLifeDays ?? o.residualHalfLifeDays, scale(recentEvents))
  const inFlight = new Map<string, InFlight>()
  let version = 0
  let cached: { key: string; value: Conditions } | null = null
  const rate = o.rateHalfLifeDays === null ? null : createRateTracker(o.rateHalfLifeDays, o.ratePriorWeight)
  let lastTick: number | null = null
  let tickDistribution: GridDistribution | null = null
  const volume = o.congestionHalfLifeDays === null ? null : createVolumeTracker(o.congestionHalfLifeDays)
  const congestionAt = (ms: number) => volume?.congestion(ms) ?? null
  const cohort =
    o.cohortHalfLifeDays === null
      ? null
      : createRecentCohort(o.cohortHalfLifeDays, o.cohortPriorWeight, o.cohortLaneLevel !== null)
  const cohortLevel = LANE_LEVELS.find((l) => l.name === o.cohortLaneLevel)
  const cohortLaneOf = (lane: LaneQuery) => cohortLevel?.key(lane) ?? null
  const season =
    o.seasonWindowDays === null
      ? null
      : createSeasonality({
          windowDays: o.seasonWindowDays,
          aroundDays: o.seasonAroundDays,
          priorWeight: o.seasonPriorWeight,
          minWeight: o.seasonMinWeight,
        })
  const seasonAt = (startMs: number) => season?.at(startMs) ?? 0
  const queue =
    o.queueExponent > 0
      ? createQueueCongestion({ throughputDays: o.queueThroughputDays, baselineDays: o.queueBaselineDays })
      : null

  const residualAt = (f: InFlight, nowMs: number, clockNow = f.calendar.workClock(nowMs)) =>
    Math.log1p(Math.max(0, clockNow - f.clockAt)) - f.pred

  /** Accrue expected deliveries of every in-flight shipment, in fixed ticks up to `nowMs`. */
  function advance(nowMs: number): void {
    if (rate === null) return
    lastTick ??= Math.floor(nowMs / TICK_MS) * TICK_MS
    while (lastTick + TICK_MS <= nowMs) {
      lastTick += TICK_MS
      const distribution = fitConditions(lastTick, false).distribution
      let accrued = 0
      for (const f of inFlight.values()) {
        if (f.startMs > lastTick) continue
        const hazard = cumulativeHazard(distribution, residualAt(f, lastTick))
        accrued += Math.max(0, hazard - f.hazard)
        f.hazard = Math.max(f.hazard, hazard)
      }
      rate.expose(accrued, lastTick)
      tickDistribution = distribution
    }
  }

  function baseline(lane: LaneQuery, nowMs: number, congestion?: number | null) {
    const base = lanes.baseline(lane, nowMs)
    if (!base) return null
    const withSignal = { ...lane, congestion: congestion === undefined ? congestionAt(nowMs) : congestion }
    return { ...base, pred: base.mean + features.effect(withSignal, nowMs) }
  }

  function conditions(nowMs: number): Conditions {
    advance(nowMs)
    // Refit at most hourly or every 64 changes: always on past data only, and cheap on big shops.
    const key = `${Math.floor(nowMs / 3_600_000)}|${version >> 6}`
    if (cached?.key !== key) cached = { key, value: fitConditions(nowMs, true) }
    return cached.value
  }

  function fitConditions(nowMs: number, withShift: boolean): Conditions {
    const longCensored = new Float64Array(GRID.bins)
    const recentCensored = new Float64Array(GRID.bins)
    const clocks = new Map<BusinessCalendar, number>()
    const members: CohortMember[] = []
    let inSystem = 0
    for (const [id, f] of inFlight) {
      if (f.startMs > nowMs) continue
      if (nowMs - f.startMs > o.maxInFlightDays * DAY_MS) {
        inFlight.delete(id)
        continue
      }
      inSystem++
      const now = clocks.get(f.calendar) ?? f.calendar.workClock(nowMs)
      clocks.set(f.calendar, now)
      const residual = Math.log1p(Math.max(0, now - f.clockAt)) - f.pred
      const bin = binOf(residual)
      if (cohort && withShift) members.push({ lane: f.cohortLane, startMs: f.startMs, residual })
      longCensored[bin] =
        (longCensored[bin] as number) + recencyWeight(f.startMs, nowMs, o.residualHalfLifeDays)
      if (o.shiftHalfLifeDays !== null) {
        recentCensored[bin] =
          (recentCensored[bin] as number) + recencyWeight(f.startMs, nowMs, o.shiftHalfLifeDays)
      }
    }
    const longRun = kaplanMeier(scaled(longEvents, longClock.readFactor(nowMs)), longCensored)
    const currentRate = rate === null ? 1 : rate.value(nowMs) ** o.ratePersistence
    // The recent cohort enters the answers only, not the rate's expectations.
    const fit = cohort && withShift ? cohort.fit(longRun, members, nowMs) : null
    const distribution = fit?.overall ?? longRun
    const forLane = (lane: LaneQuery) => fit?.forLane(cohortLaneOf(lane)) ?? distribution
    // Little's-law congestion enters the answers only, as a log-time shift α · log c.
    const queued = queue && withShift ? o.queueExponent * queue.observe(nowMs, inSystem) : 0
    if (o.shiftHalfLifeDays === null || !withShift)
      return { distribution, shift: queued, rate: currentRate, forLane }
    const recent = scaled(recentEvents, recentClock.readFactor(nowMs))
    const shift = fitShift(distribution, recent, recentCensored, { priorSd: o.shiftPriorSd })
    return { distribution, shift: shift + queued, rate: currentRate, forLane }
  }

  return {
    learn(record, calendar, startMs, deliveredMs) {
      if (deliveredMs < startMs) return false
      advance(deliveredMs)
      queue?.deliver(deliveredMs)
      const t0 = calendar.transitStart(startMs)
      const y = Math.log1p(calendar.workTimeBetween(t0, deliveredMs))
      const tracked = inFlight.get(record.shipmentId)
      const congestion = tracked?.congestion ?? null
      const before = baseline(record, deliveredMs, congestion)
      const seasonal = tracked?.season ?? seasonAt(startMs)
      const pred = tracked?.pred ?? (before ? before.pred + seasonal : undefined)
      if (rate !== null && tracked && tickDistribution) {
        rate.deliver(
          Math.max(0, cumulativeHazard(tickDistribution, y - tracked.pred) - tracked.hazard),
          deliveredMs,
        )
      }
      if (pred !== undefined) {
        const bin = binOf(y - pred)
        longEvents[bin] = (longEvents[bin] as number) + longClock.storeWeight(startMs)
        recentEvents[bin] = (recentEvents[bin] as number) + recentClock.storeWeight(startMs)
        cohort?.add(cohortLaneOf(record), y - pred, startMs)
        // The season learns what the lane and features left, with last year's season put back.
        season?.add(startMs, y - pred + seasonal)
      }
      const laneMean = lanes.baseline(record, deliveredMs)?.mean
      if (laneMean !== undefined) features.add({ ...record, congestion }, y - laneMean, startMs)
      lanes.add(record, y, startMs)
      inFlight.delete(record.shipmentId)
      version++
      return true
    },
    track(record, calendar, startMs) {
      if (inFlight.has(record.shipmentId)) return
      advance(startMs)
      const congestion = congestionAt(startMs)
      volume?.add(startMs)
      const base = baseline(record, startMs, congestion)
      if (!base) return
      const clockAt = calendar.workClock(calendar.transitStart(startMs))
      const cohortLane = cohortLaneOf(record)
      const seasonal = seasonAt(startMs)
      inFlight.set(record.shipmentId, {
        startMs,
        clockAt,
        pred: base.pred + seasonal,
        season: seasonal,
        calendar,
        hazard: 0,
        congestion,
        cohortLane,
      })
      version++
    },
    forget(id) {
      if (inFlight.delete(id)) version++
    },
    baseline,
    conditions,
    seasonAt,
  }
}

function scaled(values: Float64Array, factor: number): Float64Array {
  return values.map((v) => v * factor)
}
