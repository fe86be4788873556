import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'
import type { HttpClient } from '../http/client.ts'
import type { Logger } from '../logger.ts'

/** What a carrier adapter can do; the core fills the gaps (e.g. polls when there are no webhooks). */
export interface CarrierCapabilities {
  track: boolean
  webhooks: boolean
  register: boolean
  createShipment: boolean
  /** How many tracking numbers one `track` call takes. */
  batch: number
}

import type { RawWebhookRequest, VerifyResult } from '../webhooks/verify/types.ts'

export type { RawWebhookRequest }

/** Receiving a carrier's pushes: check the signature on raw bytes, then parse. */
export interface CarrierWebhook {
  /** Throws `WEBHOOK_INVALID_SIGNATURE` / `WEBHOOK_STALE`; may return a message id for replay checks. */
  verify(request: RawWebhookRequest): Promise<VerifyResult | undefined | void>
  /** Throws `WEBHOOK_UNPROCESSABLE` when the JSON is well formed but not a tracking payload. */
  parse(body: unknown, request: RawWebhookRequest): TrackingUpdate[] | Promise<TrackingUpdate[]>
}

export interface CreateShipmentInput {
  service?: string
  origin?: Shipment['origin']
  destination?: Shipment['destination']
  weightKg?: number
  reference?: string
}

/** What `setup` returns: the carrier's behaviour. */
export interface CarrierImplementation {
  /** Confidence 0..1 that `trackingNumber` belongs to this carrier (0 = not ours). */
  detect?(trackingNumber: string): number
  track(trackingNumbers: readonly string[]): Promise<TrackingUpdate[]>
  register?(shipment: Shipment): Promise<void>
  webhook?: CarrierWebhook
  createShipment?(input: CreateShipmentInput): Promise<{ trackingNumber: string; labelUrl?: string }>
}

/** A configured carrier, as passed to `createWismo({ carriers })`. */
export interface Carrier extends CarrierImplementation {
  readonly id: string
  readonly name: string
  readonly capabilities: CarrierCapabilities
  readonly limits: { requestsPerSecond?: number }
}

export interface CarrierContext {
  http: HttpClient
  log: Logger
}
