/**
 * What the pages read through `wismo.ops` (core): search and one shipment's whole record. The
 * shapes are declared here as the pages need them, so the rendering is tested without a store.
 */
import type { Order, OutboxRow, Shipment, TrackingEvent } from '@wismo/core'

/** One search answer: an order with its shipments, or a shipment without an order. */
export interface SearchHit {
  order: Order | null
  shipments: Shipment[]
  matchedBy: 'order' | 'email' | 'tracking_number' | 'shipment'
}

/** A carrier payload as it arrived (webhook body, replayed file), newest first. */
export interface PayloadView {
  id: string
  source: string
  carrier: string
  receivedAt: string
  contentType: string | null
  body: string
  truncated: boolean
}

/** One step of an outbox row's attempts ("calling sendgrid", "failed: …", "done"). */
export interface AttemptLine {
  at: string
  workerId: string
  kind: string
  text: string
}

/** A notification (an outbox row whose topic starts with `notify`) with its attempt log. */
export type NotificationView = OutboxRow & { log: readonly AttemptLine[] }

/** Everything the shipment page shows. */
export interface ShipmentDetail {
  shipment: Shipment
  order: Order | null
  events: readonly TrackingEvent[]
  raw: readonly PayloadView[]
  notifications: readonly NotificationView[]
}

/** The reads the dashboard needs beyond the store contract. */
export interface OpsReader {
  search(text: string, options?: { limit?: number }): Promise<readonly SearchHit[]>
  shipment(id: string): Promise<ShipmentDetail | null>
}
