/**
 * What the page shows of one order, computed from the stored shipments and histories. The HTML
 * and the JSON endpoint are both made from this, so they cannot disagree.
 */
import {
  type EtaEstimate,
  formatEtaWindow,
  formatScanTime,
  type Location,
  localDate,
  type Order,
  resolveTemplateLocale,
  type Shipment,
  type Status,
  statusWords,
  type TemplateLocale,
  type TrackingEvent,
} from '@wismo/core'
import type { Step } from './copy.ts'

export interface ScanView {
  status: Status
  statusText: string
  text: string
  place: string | null
  /** As the carrier gave it (instant, local time or date). */
  occurredAt: string
  /** In the scan's own local time, for people. */
  localTime: string | null
}

export interface StepView {
  step: Step
  state: 'done' | 'current' | 'upcoming'
  /** When the shipment reached the step (carrier time), when known. */
  at: string | null
  localTime: string | null
  /** Exceptions, failed attempts, pickups and returns that happened during this step. */
  notes: ScanView[]
}

export interface EtaView {
  date: string
  earliest: string | null
  latest: string | null
  /** The window in the customer's locale and zone. */
  window: string
  confidence: number
  source: EtaEstimate['source']
  /** The whole window lies before today (in the customer's zone): the parcel is late. */
  overdue: boolean
  /** Earlier best estimates that differ from the current one, newest first. */
  history: { date: string; window: string; madeAt: string }[]
}

export interface ShipmentView {
  id: string
  carrier: string
  carrierName: string
  trackingNumber: string
  service: string | null
  status: Status
  statusText: string
  eta: EtaView | null
  /** When delivered: the delivery scan's local time. */
  deliveredAt: string | null
  steps: StepView[]
  latestScan: ScanView | null
  /** Every scan, newest first. */
  scans: ScanView[]
  carrierUrl: string | null
  destination: string | null
  pieces: { trackingNumber: string; status: Status; statusText: string }[]
}

export interface ViewContext {
  order: Order
  /** Template locale of the page (one of the four). */
  locale: TemplateLocale
  /** BCP 47 locale for dates (the customer's own when it matches the page's language). */
  formatLocale: string
  /** The page's clock, for what is overdue. */
  now: Date
  carrierName(id: string): string
  carrierUrl(id: string, trackingNumber: string): string | null
}

/** Statuses by the step they move a shipment to (data, not a switch). */
const STEP_OF: Partial<Record<Status, Step>> = {
  info_received: 'shipped',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  attempt_failed: 'out_for_delivery',
  available_for_pickup: 'out_for_delivery',
  delivered: 'delivered',
  returned: 'returned',
}
/** Statuses shown as a note on the step where they happened. */
const NOTED: ReadonlySet<Status> = new Set([
  'exception',
  'attempt_failed',
  'available_for_pickup',
  'returned',
  'cancelled',
  'expired',
])
/** Settled shipments: no estimate to show, and no destination ahead on the map. */
export const SETTLED: ReadonlySet<Status> = new Set(['delivered', 'returned', 'cancelled', 'expired'])
const FORWARD: readonly Step[] = ['ordered', 'shipped', 'in_transit', 'out_for_delivery', 'delivered']

/** The page locale: an explicit choice when it is one of the four, else the customer's. */
export function pageLocale(choice: string | null, customerLocale: string): TemplateLocale {
  return resolveTemplateLocale(
    choice && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(choice) ? choice : customerLocale,
  )
}

/** Where a scan happened, as one line (`Memphis, TN, US`). */
export function placeOf(location: Location | null | undefined): string | null {
  if (!location) return null
  const parts = [
    location.city,
    location.region,
    location.postalCode && !location.city ? location.postalCode : null,
    location.country,
  ]
  const line = parts.filter((p): p is string => Boolean(p?.trim())).join(', ')
  return line || location.text?.trim() || null
}

export function scanView(event: TrackingEvent, ctx: ViewContext): ScanView {
  return {
    status: event.status,
    statusText: statusWords(event.status, ctx.locale),
    text: event.rawText,
    place: placeOf(event.location),
    occurredAt: event.occurredAt,
    localTime: formatScanTime(event.occurredAt, ctx.formatLocale),
  }
}

/** One shipment as the page shows it; `timeline` oldest first. */
export function shipmentView(
  shipment: Shipment,
  timeline: readonly TrackingEvent[],
  ctx: ViewContext,
): ShipmentView {
  const scans = timeline.map((e) => scanView(e, ctx))
  const latest = scans.at(-1) ?? null
  const delivered =
    shipment.status === 'delivered' ? [...scans].reverse().find((s) => s.status === 'delivered') : undefined
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    carrierName: ctx.carrierName(shipment.carrier),
    trackingNumber: shipment.trackingNumber,
    service: shipment.service,
    status: shipment.status,
    statusText: statusWords(shipment.status, ctx.locale),
    eta: SETTLED.has(shipment.status) ? null : etaView(shipment, ctx),
    deliveredAt: delivered?.localTime ?? null,
    steps: stepsOf(shipment, scans, ctx),
    latestScan: latest,
    scans: [...scans].reverse(),
    carrierUrl: ctx.carrierUrl(shipment.carrier, shipment.trackingNumber),
    destination: placeOf(shipment.destination),
    pieces: (shipment.pieces ?? []).map((p) => ({
      trackingNumber: p.trackingNumber,
      status: p.status,
      statusText: statusWords(p.status, ctx.locale),
    })),
  }
}

function etaView(shipment: Shipment, ctx: ViewContext): EtaView | null {
  const best = shipment.eta?.best
  if (!best) return null
  const zone = { locale: ctx.formatLocale, timeZone: ctx.order.customer.timeZone }
  const window = formatEtaWindow(best, zone)
  if (!window) return null
  const seen = new Set([window])
  const history: EtaView['history'] = []
  for (const r of [...(shipment.eta?.revisions ?? [])].reverse()) {
    const w = formatEtaWindow(r, zone)
    if (!w || seen.has(w)) continue
    seen.add(w)
    history.push({ date: r.date, window: w, madeAt: r.madeAt })
  }
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.order.customer.timeZone }).format(ctx.now)
  return {
    date: best.date,
    earliest: best.earliest ?? null,
    latest: best.latest ?? null,
    window,
    overdue: localDate(best.latest ?? best.date) < today,
    confidence: best.confidence,
    source: best.source,
    history,
  }
}

/**
 * The progress steps: ordered → shipped → in transit → out for delivery → delivered (or
 * returned), each reached at its first scan, with notes where something happened on the way.
 */
function stepsOf(shipment: Shipment, scans: readonly ScanView[], ctx: ViewContext): StepView[] {
  const reached = new Map<Step, ScanView | null>([['ordered', null]])
  const notes = new Map<Step, ScanView[]>()
  let current: Step = 'ordered'
  for (const scan of scans) {
    const step = STEP_OF[scan.status]
    if (step && rank(step) > rank(current)) {
      current = step
      if (!reached.has(step)) reached.set(step, scan)
    }
    if (NOTED.has(scan.status)) notes.set(current, [...(notes.get(current) ?? []), scan])
  }
  // The shipment's own status counts even when its scan is not kept (e.g. a status set by a poll).
  const own = STEP_OF[shipment.status]
  if (own && rank(own) > rank(current)) {
    current = own
    reached.set(own, null)
  }
  const path: Step[] =
    current === 'returned'
      ? [...FORWARD.filter((s) => reached.has(s) && s !== 'delivered'), 'returned']
      : [...FORWARD]
  const final = current === 'delivered' || current === 'returned'
  const ordered = ctx.order.createdAt
  return path.map((step) => {
    const scan = reached.get(step) ?? null
    const state =
      rank(step) < rank(current) || (final && step === current)
        ? 'done'
        : step === current
          ? 'current'
          : 'upcoming'
    const at = step === 'ordered' ? ordered : (scan?.occurredAt ?? null)
    const localTime =
      step === 'ordered'
        ? formatEtaWindow(
            { date: ordered },
            { locale: ctx.formatLocale, timeZone: ctx.order.customer.timeZone },
          )
        : (scan?.localTime ?? null)
    return { step, state, at, localTime, notes: notes.get(step) ?? [] }
  })
}

function rank(step: Step): number {
  return step === 'returned' ? 4.5 : FORWARD.indexOf(step)
}
