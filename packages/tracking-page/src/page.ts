/**
 * One order's page, and its JSON twin: read the order, its shipments and histories, and turn
 * them into the view, the map, the feedback and the preferences sections.
 */
import { allEvents, type Order, type Shipment, type TrackingEvent, type Wismo, WismoError } from '@wismo/core'
import type { Markup } from '@wismo/core/html'
import type { PageCopy } from './copy.ts'
import { routeMap } from './map/index.ts'
import type { TrackingPageSettings } from './options.ts'
import { feedbackForm, maskEmail, maskPhone, preferencesForm } from './render/forms.ts'
import { type OrderPageParts, orderPage } from './render/order.ts'
import { placeOf, SETTLED, type ShipmentView, shipmentView, type ViewContext } from './view.ts'

export interface OrderData {
  order: Order
  shipments: { shipment: Shipment; timeline: TrackingEvent[]; view: ShipmentView }[]
}

/** The order a token grants; a link to an order no longer stored is `ORDER_NOT_FOUND`. */
export async function grantedOrder(wismo: Wismo, orderId: string): Promise<Order> {
  const order = await wismo.store.getOrder(orderId)
  if (!order) throw new WismoError('ORDER_NOT_FOUND', 'No such order', { details: {} })
  return order
}

/** Everything stored about the order, as views: its shipments and their histories. */
export async function loadOrder(
  wismo: Wismo,
  order: Order,
  ctx: Omit<ViewContext, 'order'>,
): Promise<OrderData> {
  const out: OrderData['shipments'] = []
  for (const shipment of await wismo.listShipments(order.id)) {
    const timeline = await allEvents(wismo.store, shipment.id)
    out.push({ shipment, timeline, view: shipmentView(shipment, timeline, { ...ctx, order }) })
  }
  return { order, shipments: out }
}

export interface PageParts {
  settings: TrackingPageSettings
  copy: PageCopy
  /** `/track/o/<token>`: the order page's own path. */
  self: string
  lang: string
  notice: string | null
  /** Drawn maps by shipment, version and language: a map changes only when its shipment does. */
  mapCache: MapCache
}

export type MapCache = Map<string, { svg: string | null; unplaced: string[] }>
const MAP_CACHE_SIZE = 1000

export async function renderOrder(wismo: Wismo, data: OrderData, p: PageParts): Promise<Markup> {
  const maps = new Map<string, { svg: string | null; unplaced: string[] }>()
  const feedback = new Map<string, Markup>()
  for (const { shipment, timeline, view } of data.shipments) {
    if (p.settings.map)
      maps.set(
        shipment.id,
        cachedMap(p, shipment, () => {
          try {
            return mapOf(shipment, timeline, view, p.copy)
          } catch (error) {
            // A map that cannot be drawn (its data failed to load) leaves the page without a map.
            wismo.log.error({ error, shipmentId: shipment.id }, 'the tracking page could not draw a map')
            return { svg: null, unplaced: [] }
          }
        }),
      )
    if (p.settings.feedback && shipment.status === 'delivered') {
      const state = await wismo.feedback.state(shipment.id)
      feedback.set(
        shipment.id,
        feedbackForm(p.copy, {
          action: `${p.self}/feedback`,
          shipmentId: shipment.id,
          lang: p.lang,
          given: state.feedback ? { rating: state.feedback.rating, comment: state.feedback.comment } : null,
          editable: state.editable,
          editableUntil: state.editableUntil
            ? formatDay(state.editableUntil, p.lang, data.order.customer.timeZone)
            : null,
        }),
      )
    }
  }
  const parts: OrderPageParts = {
    orderId: data.order.id,
    shipments: data.shipments.map((s) => s.view),
    maps,
    feedback,
    preferences: preferencesOf(wismo, data.order, p),
    notice: p.notice,
  }
  return orderPage(p.copy, parts)
}

function cachedMap(p: PageParts, shipment: Shipment, draw: () => { svg: string | null; unplaced: string[] }) {
  const key = `${shipment.id}\u0000${shipment.version}\u0000${p.lang}`
  let map = p.mapCache.get(key)
  if (!map) {
    map = draw()
    if (p.mapCache.size >= MAP_CACHE_SIZE) p.mapCache.delete(p.mapCache.keys().next().value as string)
    p.mapCache.set(key, map)
  }
  return map
}

function mapOf(shipment: Shipment, timeline: readonly TrackingEvent[], view: ShipmentView, copy: PageCopy) {
  // view.scans are the timeline's scans, newest first: pair them back by position.
  const chronological = [...view.scans].reverse()
  const located = timeline.flatMap((e, i) => {
    const scan = chronological[i]
    return e.location && scan
      ? [{ location: e.location, label: [scan.place, scan.localTime].filter(Boolean).join(' · ') }]
      : []
  })
  const stops = [
    ...(shipment.origin
      ? [{ location: shipment.origin, kind: 'origin' as const, label: placeOf(shipment.origin) ?? '' }]
      : []),
    ...located.map((stop, i) => ({
      ...stop,
      kind: i === located.length - 1 ? ('current' as const) : ('scan' as const),
    })),
    ...(shipment.destination && !SETTLED.has(shipment.status)
      ? [
          {
            location: shipment.destination,
            kind: 'destination' as const,
            label: `${copy.mapDestination}: ${placeOf(shipment.destination) ?? ''}`,
          },
        ]
      : []),
  ]
  const map = routeMap(stops, {
    title: copy.mapTitle,
    idPrefix: `m-${shipment.id}`,
    kindNames: copy.mapKinds,
  })
  return { svg: map.svg, unplaced: [...new Set(map.unplaced.map((s) => s.label).filter(Boolean))] }
}

function preferencesOf(wismo: Wismo, order: Order, p: PageParts): Markup | null {
  const summary = wismo.notifications.settings()
  if (!p.settings.preferences || !summary) return null
  const email =
    summary.channels.includes('email') && order.customer.email ? maskEmail(order.customer.email) : null
  const sms =
    summary.channels.includes('sms') && order.customer.phone ? maskPhone(order.customer.phone) : null
  if (!email && !sms) return null
  return preferencesForm(p.copy, {
    action: `${p.self}/preferences`,
    lang: p.lang,
    preferences: order.preferences,
    email,
    sms,
    triggers: summary.triggers,
    defaultQuietHours: summary.quietHours,
  })
}

function formatDay(instant: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(instant))
}
