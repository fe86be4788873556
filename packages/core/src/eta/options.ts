/**
 * The options of the transit-time model (`createTransitModel` in `model.ts`), with their defaults.
 */
import { z } from 'zod'
import type { BusinessCalendar } from './calendar.ts'
import { LANE_LEVELS } from './lanes.ts'
import type { DeliveredRecord } from './types.ts'

/** Picks the business calendar a shipment's transit time is counted in. */
export type CalendarFor = (
  shipment: Pick<DeliveredRecord, 'destinationCountry' | 'destinationRegion'>,
) => BusinessCalendar

/** Options of `createTransitModel`; defaults were tuned on data before the evaluation period. */
export const TransitModelOptionsSchema = z
  .object({
    laneHalfLifeDays: z.number().positive().default(90),
    lanePriorWeight: z.number().positive().default(10),
    featureRidge: z.number().nonnegative().default(50),
    residualHalfLifeDays: z.number().positive().default(120),
    /**
     * Half-life of the "current conditions" shift; `null` (the default since the recent cohort
     * took over its job) turns the shift off.
     */
    shiftHalfLifeDays: z.number().positive().nullable().default(null),
    shiftPriorSd: z.number().positive().default(0.3),
    /** Half-life of the observed/expected delivery rate; `null` (the default) turns it off. */
    rateHalfLifeDays: z.number().positive().nullable().default(null),
    ratePriorWeight: z.number().positive().default(20),
    /** How much of today's rate is assumed to last for the time ahead (exponent, 0 … 1). */
    ratePersistence: z.number().min(0).max(1).default(1),
    /** In-flight shipments older than this stop counting (lost parcels should not drag forever). */
    maxInFlightDays: z.number().positive().default(60),
    /**
     * Half-life (days) of the order-volume congestion signal: recent starts per day against a
     * 30-day baseline, a feature known at start time; `null` turns it off.
     */
    congestionHalfLifeDays: z.number().positive().nullable().default(null),
    /**
     * Before hand-over, predict delivery as seller handling (purchase → hand-over, learned as
     * hand-overs happen) plus carrier transit (hand-over → delivery) instead of purchase → delivery
     * directly.
     */
    splitHandling: z.boolean().default(false),
    /**
     * Half-life (days, by start time) of the recent cohort whose Kaplan–Meier distribution
     * (in-flight shipments censored) is blended into the long-run one; `null` turns it off.
     */
    cohortHalfLifeDays: z.number().positive().nullable().default(5),
    /** Pseudo-shipments at risk the long-run hazard counts for in each bin of that blend. */
    cohortPriorWeight: z.number().nonnegative().default(100),
    /**
     * Also keep one recent cohort per key of this lane level (a `LANE_LEVELS` name such as
     * `carrier_region`), blended into the overall cohort; `null`: overall cohort only.
     */
    cohortLaneLevel: z
      .enum(LANE_LEVELS.map((l) => l.name) as [string, ...string[]])
      .nullable()
      .default(null),
    /**
     * Exponent α of the Little's-law congestion factor c = W / W_base (`congestion.ts`): answers
     * are shifted by α · log c in log time (≈ durations × c^α); 0 turns it off. Default 0.1
     * (tuned on the tuning split, see docs/eta.md).
     */
    queueExponent: z.number().min(0).max(2).default(0.1),
    /** Window (days) over which that factor counts the delivery throughput λ. */
    queueThroughputDays: z.number().positive().default(7),
    /** Window (days) of past W = L / λ samples whose recency-weighted median is W_base. */
    queueBaselineDays: z.number().positive().default(30),
    /**
     * The yearly season (`season.ts`): shipments starting now are shifted by how the same weeks a
     * year earlier compared with the months around them. Width (days) of that window; `null` turns
     * it off. It stays 0 until the shop has `seasonMinWeight` deliveries there.
     */
    seasonWindowDays: z.number().int().min(1).max(60).nullable().default(14),
    /** The months around the window it is compared with: ± days. */
    seasonAroundDays: z.number().int().min(14).max(180).default(60),
    /** Pseudo-shipments with no anomaly the window is shrunk with. */
    seasonPriorWeight: z.number().nonnegative().default(50),
    /** Deliveries needed in the window (and around it) a year back before the term applies. */
    seasonMinWeight: z.number().int().min(1).default(30),
    gapMinWeight: z.number().positive().default(10),
    calendar: z.custom<CalendarFor>((v) => typeof v === 'function', 'expected a function').optional(),
  })
  .strict()

export type TransitModelOptions = z.input<typeof TransitModelOptionsSchema>
