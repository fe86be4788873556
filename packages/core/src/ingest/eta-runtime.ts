/**
 * One transit model per Wismo instance: warmed lazily (on first use) from the store's delivered
 * records, then updated online as ingests complete deliveries. Each process warms its own copy.
 */
import { z } from 'zod'
import { WismoError } from '../errors.ts'
import { CalendarOptionsSchema, calendarRegistry } from '../eta/calendar.ts'
import { EtaOptionsSchema } from '../eta/estimate.ts'
import { createTransitModel, type TransitModel, TransitModelOptionsSchema } from '../eta/model.ts'
import { SignalOptionsSchema } from '../eta/signals.ts'
import type { DeliveredRecord } from '../eta/types.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import type { EtaContext } from './eta-step.ts'

/** `createWismo({ eta })`: model options plus the promise quantile, calendars and blend/signal options. */
export const EtaConfigSchema = TransitModelOptionsSchema.omit({ calendar: true })
  .extend({
    /** Quantile of the delivery time promised to customers by `wismo.eta.promiseDate` (default 0.86, chosen on the tuning split; see docs/eta.md). */
    promiseQuantile: z.number().gt(0).lt(1).default(0.86),
    /** Defaults of every destination's business calendar (zone, working days, cut-off…). */
    calendars: CalendarOptionsSchema.omit({ country: true, region: true }).partial().optional(),
    /** Options of `estimateEta` (window quantiles, confidences, postal area length). */
    estimate: EtaOptionsSchema.partial().optional(),
    /** Options of `detectSignals` (trending-late threshold, hysteresis). */
    signals: SignalOptionsSchema.partial().optional(),
  })
  .strict()

export type EtaConfig = z.input<typeof EtaConfigSchema>

/** The instance's model and how it is fed. */
export interface EtaRuntime {
  readonly promiseQuantile: number
  /** The model, warmed from `store.listDeliveries({})` on first call (concurrent callers share it). */
  model(): Promise<TransitModel>
  /** What the ETA step of an ingest needs (warms the model first). */
  context(): Promise<EtaContext>
  /** Learn one delivery an ingest just committed (queued while warming; ignored before). */
  learn(record: DeliveredRecord): void
}

/**
 * @example
 * const eta = createEtaRuntime(store, { calendars: { timeZone: 'America/Sao_Paulo' } }, log)
 * const model = await eta.model()
 */
export function createEtaRuntime(store: WismoStore, config: EtaConfig, log: Logger): EtaRuntime {
  const parsed = EtaConfigSchema.safeParse(config)
  if (!parsed.success)
    throw new WismoError(
      'CONFIG_INVALID',
      `Invalid createWismo eta options: ${z.prettifyError(parsed.error)}`,
    )
  const { promiseQuantile, calendars, estimate, signals, ...modelOptions } = config
  const registry = calendarRegistry(calendars ?? {})
  const transit = createTransitModel({
    ...modelOptions,
    calendar: (s) => registry(s.destinationCountry, s.destinationRegion),
  })
  const context: EtaContext = {
    model: transit,
    ...(estimate ? { estimate } : {}),
    ...(signals ? { signals } : {}),
  }
  let warming: Promise<TransitModel> | null = null
  let queued: DeliveredRecord[] | null = null
  const learnOne = (record: DeliveredRecord) => {
    try {
      transit.learn(record)
    } catch (error) {
      log.warn({ shipmentId: record.shipmentId, error }, 'ETA model skipped a delivery record')
    }
  }
  const warm = async () => {
    queued = []
    try {
      const records = await store.listDeliveries({})
      const listed = new Set<string>()
      for (const record of records) {
        listed.add(record.shipmentId)
        learnOne(record)
      }
      for (const record of queued) if (!listed.has(record.shipmentId)) learnOne(record)
      log.debug({ deliveries: records.length }, 'ETA model warmed from the store')
      return transit
    } finally {
      queued = null
    }
  }
  const model = () => {
    warming ??= warm().catch((error) => {
      warming = null
      throw error
    })
    return warming
  }
  return {
    promiseQuantile: parsed.data.promiseQuantile,
    model,
    async context() {
      await model()
      return context
    },
    learn(record) {
      if (queued) queued.push(record)
      else if (warming) learnOne(record)
    },
  }
}
