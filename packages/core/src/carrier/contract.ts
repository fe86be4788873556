import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'
import type { HttpClient } from '../http/client.ts'
import type { Logger } from '../logger.ts'
import type { TokenGrant, TokenRequest } from '../store/contract.ts'
import type { Telemetry } from '../telemetry/telemetry.ts'
import type { LabelPurchasing } from './labels.ts'

/** What a carrier adapter can do; the core fills the gaps (e.g. polls when there are no webhooks). */
export interface CarrierCapabilities {
  track: boolean
  webhooks: boolean
  /**
   * Webhooks arrive for every parcel on the vendor account, not only those this shop registered
   * (aggregators: EasyPost, AfterShip, Shippo). With `unknownShipments: 'auto'` (the default)
   * Wismo ignores such a carrier's updates for numbers it does not know.
   */
  accountWebhooks?: boolean
  register: boolean
  /** Buys labels: `labels` is implemented, so `wismo.createShipment` can use this carrier. */
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

/** What `setup` returns: the carrier's behaviour. */
export interface CarrierImplementation {
  /** Confidence 0..1 that `trackingNumber` belongs to this carrier (0 = not ours). */
  detect?(trackingNumber: string): number
  track(trackingNumbers: readonly string[]): Promise<TrackingUpdate[]>
  /**
   * Ask the carrier to push this shipment's updates. Resolve with `{ expiresAt }` when the
   * subscription ends (Wismo renews it in time), or nothing when it does not.
   */
  register?(shipment: Shipment): Promise<void | { expiresAt?: string | null }>
  webhook?: CarrierWebhook
  /** Buying labels, for `wismo.createShipment` (see {@link LabelPurchasing}). */
  labels?: LabelPurchasing
}

/** A configured carrier, as passed to `createWismo({ carriers })`. */
export interface Carrier extends CarrierImplementation {
  readonly id: string
  readonly name: string
  readonly capabilities: CarrierCapabilities
  readonly limits: CarrierLimits
  /**
   * The carrier's own public tracking page for a number (the tracking page links to it), when
   * the adapter declares one (`defineCarrier({ trackingUrl })`).
   */
  trackingUrl?(trackingNumber: string): string
  /**
   * Set by `createWismo` for each carrier it is given: from then on the carrier logs through the
   * instance's (redacting) logger and keeps its rate budget in the instance's store. Carriers
   * made by `defineCarrier` have it; a carrier attached to several instances follows the last.
   */
  attach?(runtime: CarrierRuntime): void
}

/**
 * A rate budget the vendor imposes, enforced across every process that shares one store: the
 * injected HTTP client takes a token before each request (retries included). At most `requests`
 * requests start in any window of `perMs` ms; after a quiet spell up to `burst` go at once and
 * the rest are paced one every `perMs / (requests - burst + 1)` ms.
 * @example { requests: 60, perMs: 3_600_000 } // USPS: 60 an hour, one a minute when busy
 */
export interface CarrierBudget {
  requests: number
  perMs: number
  /** Requests allowed at once after a quiet spell (default 1: an even pace, the whole budget used). */
  burst?: number
  /**
   * Longest wait for a token inside one call (default 30 000 ms); when the next token is further
   * away the call fails with `CARRIER_RATE_LIMITED` and `retryAfterMs`, and the poller reschedules.
   */
  maxWaitMs?: number
}

/** What a carrier declares about the vendor's rate limits. */
export interface CarrierLimits {
  /** Requests started per second by this process (spaced in memory, not shared). */
  requestsPerSecond?: number
  /** A budget shared through the store by every process (see {@link CarrierBudget}). */
  budget?: CarrierBudget
}

/** Where a carrier's budget is kept: a store's token buckets (`WismoStore.takeTokens`). */
export interface TokenBuckets {
  takeTokens(request: TokenRequest): Promise<TokenGrant>
}

/** What a Wismo instance lends each of its carriers (see {@link Carrier.attach}). */
export interface CarrierRuntime {
  /** The instance's logger; the carrier adds its own secrets to the redaction. */
  log: Logger
  /** The instance's store; without it the budget stays in this process's memory. */
  budget?: TokenBuckets
  /** The instance's OpenTelemetry instruments (carrier call spans and failure counts). */
  telemetry?: Telemetry
}

export interface CarrierContext {
  http: HttpClient
  log: Logger
}
