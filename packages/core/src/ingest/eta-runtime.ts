/**
 * One transit model per Wismo instance: warmed lazily (on first use) from the store's delivered
 * records and its shipments still on their way (counted as censored: "has waited this long"),
 * then updated online as ingests complete deliveries, hand parcels over or end them. Each process
 * warms its own copy.
 */
import { z } from 'zod'
import { ACTIVE_STATUSES } from '../domain/status.ts'
import { WismoError } from '../errors.ts'
import { CalendarOptionsSchema, calendarRegistry } from '../eta/calendar.ts'
import { EtaOptionsSchema } from '../eta/estimate.ts'
import { createTransitModel, type TransitModel, TransitModelOptionsSchema } from '../eta/model.ts'
import { SignalOptionsSchema } from '../eta/signals.ts'
import type { DeliveredRecord, InFlightRecord } from '../eta/types.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import type { EtaContext } from './eta-step.ts'
import { allEvents } from './events.ts'
import { inFlightOf } from './plan.ts'

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
  /** Leading postal-code characters a lane's area is keyed by (`eta.estimate.postalAreaLength`). */
  readonly postalAreaLength: number
  /** The model, warmed from `store.listDeliveries({})` on first call (concurrent callers share it). */
  model(): Promise<TransitModel>
  /** What the ETA step of an ingest needs (warms the model first). */
  context(): Promise<EtaContext>
  /** Learn one delivery an ingest just committed (queued while warming; ignored before). */
  learn(record: DeliveredRecord): void
  /** Count a shipment as in flight from the milestones it reached (queued while warming; ignored before). */
  track(record: InFlightRecord): void
  /** Stop counting a shipment that will not arrive (see `IngestPlan.inFlight`). */
  forget(shipmentId: string): void
}

type Change =
  | { kind: 'learn'; record: DeliveredRecord }
  | { kind: 'track'; record: InFlightRecord }
  | { kind: 'forget'; shipmentId: string }

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
  const postalAreaLength = parsed.data.estimate?.postalAreaLength ?? 0
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
  let queued: Change[] | null = null
  const apply = (change: Change) => {
    try {
      if (change.kind === 'learn') transit.learn(change.record)
      else if (change.kind === 'track') transit.track(change.record)
      else transit.forget(change.shipmentId)
    } catch (error) {
      const shipmentId = change.kind === 'forget' ? change.shipmentId : change.record.shipmentId
      log.warn({ shipmentId, error }, `ETA model skipped a ${change.kind} record`)
    }
  }
  const warm = async () => {
    queued = []
    try {
      // Only the shipment ids are kept: the records themselves are read and learned page by page.
      const delivered = new Set<string>()
      for await (const record of storedDeliveries(store)) {
        delivered.add(record.shipmentId)
        apply({ kind: 'learn', record })
      }
      let inFlight = 0
      for await (const record of inFlightShipments(store, delivered, postalAreaLength)) {
        inFlight++
        apply({ kind: 'track', record })
      }
      // Changes committed while listing, unless the listing already holds that shipment's delivery
      // (not learned twice, and not counted as in flight again by an older scan's change).
      for (const change of queued)
        if (change.kind === 'forget' || !delivered.has(change.record.shipmentId)) apply(change)
      log.debug({ deliveries: delivered.size, inFlight }, 'ETA model warmed from the store')
      return transit
    } finally {
      queued = null
    }
  }
  const record = (change: Change) => {
    if (queued) queued.push(change)
    else if (warming) apply(change)
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
    postalAreaLength,
    model,
    async context() {
      await model()
      return context
    },
    learn: (delivery) => record({ kind: 'learn', record: delivery }),
    track: (waiting) => record({ kind: 'track', record: waiting }),
    forget: (shipmentId) => record({ kind: 'forget', shipmentId }),
  }
}

/** Deliveries read per `listDeliveries` call while warming. */
const DELIVERY_PAGE = 2_000

/**
 * Every stored delivery, oldest first, one page at a time, so warming from millions of deliveries
 * never holds them all. `listDeliveries` pages by an inclusive `since`, so each page starts at the
 * previous page's last instant and skips the records at that instant it already gave; a page made
 * within one instant (more deliveries at it than a page holds) is followed by one twice as large.
 */
async function* storedDeliveries(
  store: Pick<WismoStore, 'listDeliveries'>,
  pageSize = DELIVERY_PAGE,
): AsyncGenerator<DeliveredRecord> {
  let since: string | undefined
  let seenAtSince = new Set<string>()
  let limit = pageSize
  for (;;) {
    const page = await store.listDeliveries(since === undefined ? { limit } : { since, limit })
    const fresh = page.filter((r) => r.deliveredAt !== since || !seenAtSince.has(r.shipmentId))
    yield* fresh
    const last = page.at(-1)?.deliveredAt
    if (page.length < limit || last === undefined) return
    if (last !== since) seenAtSince = new Set()
    for (const r of page) if (r.deliveredAt === last) seenAtSince.add(r.shipmentId)
    // A page all at one instant may be followed by more at it: ask for more next time.
    limit = page[0]?.deliveredAt === last ? limit * 2 : pageSize
    since = last
  }
}

/** Every stored shipment still on its way, as the model counts it (purchase = its order's creation). */
async function* inFlightShipments(
  store: WismoStore,
  delivered: Set<string>,
  postalAreaLength: number,
): AsyncGenerator<InFlightRecord> {
  const purchases = new Map<string, string | null>()
  let cursor: string | null = null
  do {
    const page = await store.listShipments({ status: ACTIVE_STATUSES, limit: 500, cursor })
    for (const shipment of page.items) {
      if (delivered.has(shipment.id)) continue
      const orderId = shipment.orderId
      if (orderId !== null && !purchases.has(orderId))
        purchases.set(orderId, (await store.getOrder(orderId))?.createdAt ?? null)
      const history = shipment.status === 'pending' ? [] : await allEvents(store, shipment.id)
      const waiting = inFlightOf(
        shipment,
        history,
        orderId === null ? null : (purchases.get(orderId) ?? null),
        postalAreaLength,
      )
      if (waiting) yield waiting
    }
    cursor = page.nextCursor
  } while (cursor)
}
