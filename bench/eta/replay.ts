/**
 * The online replay: every purchase, hand-over and delivery in time order. At a purchase or a
 * hand-over the estimator and the baseline answer with what they have learned so far; a delivery
 * is learned when it happens, never before. Orders still in flight are tracked so the model can
 * count their waiting time (censored); their outcome is not read until their delivery event.
 */
import { calendarRegistry } from '../../packages/core/src/eta/calendar.ts'
import {
  createTransitModel,
  type DeliveredRecord,
  type InFlightRecord,
  type TransitModelOptions,
  type TransitPrediction,
} from '../../packages/core/src/eta/index.ts'
import { addDays, localDateOf, startOfLocalDate } from '../../packages/core/src/eta/zone.ts'
import { createLaneMedianBaseline, createSellerHandling } from './baseline.ts'
import { OLIST_ZONE, type OlistOrder } from './load.ts'

const DAY_MS = 86_400_000
/** Orders that never ship: a shop knows they are not in transit, so they are not tracked. */
const NEVER_SHIPPED = new Set(['canceled', 'unavailable', 'created'])

export interface ReplayOptions {
  evalFrom: number
  evalTo: number
  promiseQuantile: number
  cutoff: string | null
  model: Omit<TransitModelOptions, 'calendar'>
}

/** One predictor's answer for one order at one moment: instants in ms. */
export interface Answer {
  median: number
  low: number
  high: number
  promise: number
}

export interface Scored {
  order: OlistOrder
  shop: number | null
  wismo: { purchase: Answer | null; handover: Answer | null }
  lane: { purchase: Answer | null; handover: Answer | null }
}

type Step = { at: number; kind: 0 | 1 | 2; order: OlistOrder }

export function replay(orders: OlistOrder[], o: ReplayOptions): Scored[] {
  const registry = calendarRegistry({ timeZone: OLIST_ZONE, cutoff: o.cutoff })
  const model = createTransitModel({
    ...o.model,
    calendar: (s) => registry(s.destinationCountry, s.destinationRegion),
  })
  const baseline = createLaneMedianBaseline()
  const scored = new Map<string, Scored>()
  const quantiles = [0.1, 0.5, 0.9, o.promiseQuantile]
  const evaluated = (x: OlistOrder) =>
    x.purchasedMs >= o.evalFrom && x.purchasedMs < o.evalTo && x.deliveredMs !== null

  const handling = createSellerHandling()
  for (const { kind, order } of timeline(orders)) {
    const known = inFlight(order, handling.typical(order.sellerId))
    if (kind === 1)
      handling.learn(order.sellerId, ((order.handedOverMs as number) - order.purchasedMs) / DAY_MS)
    if (kind === 2) {
      model.learn(delivered(order, known))
      baseline.learn(laneKey(order), 'purchase', ((order.deliveredMs as number) - order.purchasedMs) / DAY_MS)
      if (order.handedOverMs !== null && order.handedOverMs <= (order.deliveredMs as number)) {
        baseline.learn(
          laneKey(order),
          'handover',
          ((order.deliveredMs as number) - order.handedOverMs) / DAY_MS,
        )
      }
      continue
    }
    const from = kind === 0 ? 'purchase' : 'handover'
    const at = kind === 0 ? order.purchasedMs : (order.handedOverMs as number)
    if (evaluated(order)) {
      const s = scored.get(order.id) ?? {
        order,
        shop: shopDate(order),
        wismo: { purchase: null, handover: null },
        lane: { purchase: null, handover: null },
      }
      const iso = new Date(at).toISOString()
      const p = model.predict({ shipment: known, from, startedAt: iso, now: iso, quantiles })
      s.wismo[from] = p ? fromModel(p) : null
      s.lane[from] = fromBaseline(baseline, laneKey(order), from, at, o.promiseQuantile)
      scored.set(order.id, s)
    }
    if (!NEVER_SHIPPED.has(order.status)) {
      model.track(kind === 0 ? { ...known, handedOverAt: null } : known)
    }
  }
  return [...scored.values()]
}

function timeline(orders: OlistOrder[]): Step[] {
  const steps: Step[] = []
  for (const order of orders) {
    steps.push({ at: order.purchasedMs, kind: 0, order })
    if (order.handedOverMs !== null && order.handedOverMs >= order.purchasedMs)
      steps.push({ at: order.handedOverMs, kind: 1, order })
    if (order.deliveredMs !== null && order.deliveredMs >= order.purchasedMs)
      steps.push({ at: order.deliveredMs, kind: 2, order })
  }
  // At equal instants, predictions come before deliveries: only strictly earlier outcomes are seen.
  return steps.sort((a, b) => a.at - b.at || a.kind - b.kind)
}

const laneKey = (o: OlistOrder) => `${o.sellerState ?? '?'}>${o.customerState ?? '?'}`
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** What a shop knows of an order before it is delivered (no outcome in here). */
function inFlight(o: OlistOrder, sellerHandlingDays: number | null): InFlightRecord {
  const handover = o.handedOverMs !== null && o.handedOverMs >= o.purchasedMs ? o.handedOverMs : null
  return {
    shipmentId: o.id,
    carrier: 'olist',
    service: null,
    originRegion: o.sellerState,
    destinationRegion: o.customerState,
    destinationArea: o.customerZip?.slice(0, 2) ?? null,
    originCountry: 'BR',
    destinationCountry: 'BR',
    purchasedAt: iso(o.purchasedMs),
    handedOverAt: iso(handover),
    weightKg: o.weightKg,
    volumeCm3: o.volumeCm3,
    freight: o.freight,
    handlingDays: sellerHandlingDays,
  }
}

function delivered(o: OlistOrder, known: InFlightRecord): DeliveredRecord {
  return { ...known, deliveredAt: iso(o.deliveredMs) as string, promisedDate: o.estimatedDate }
}

/** A promise is a local date, scored as that date's first instant (as the shop's own date is). */
function promiseFrom(ms: number): number {
  return startOfLocalDate(addDays(localDateOf(ms, OLIST_ZONE), 1), OLIST_ZONE)
}

function shopDate(o: OlistOrder): number | null {
  return o.estimatedDate ? startOfLocalDate(o.estimatedDate, OLIST_ZONE) : null
}

function fromModel(p: TransitPrediction): Answer {
  const ms = (i: number) => Date.parse(p.quantiles[i]?.at as string)
  return { low: ms(0), median: ms(1), high: ms(2), promise: promiseFrom(ms(3)) }
}

function fromBaseline(
  b: ReturnType<typeof createLaneMedianBaseline>,
  lane: string,
  from: 'purchase' | 'handover',
  at: number,
  promiseQ: number,
): Answer | null {
  const q = (x: number) => b.quantile(lane, from, x)
  const [low, median, high, promise] = [q(0.1), q(0.5), q(0.9), q(promiseQ)]
  if (low === null || median === null || high === null || promise === null) return null
  return {
    low: at + low * DAY_MS,
    median: at + median * DAY_MS,
    high: at + high * DAY_MS,
    promise: promiseFrom(at + promise * DAY_MS),
  }
}
