import type { Carrier, RawWebhookRequest } from '@wismo/core'

/**
 * Names of the carrier conformance tests, as used in `skip` and shown first in each test title.
 * @example const skip = [{ reason: 'the scheme signs no timestamp', tests: ['webhook-stale'] }]
 */
export const CARRIER_TESTS = [
  'id',
  'capabilities',
  'track-known',
  'track-unknown',
  'detect',
  'config-invalid',
  'webhook-signed',
  'webhook-tampered',
  'webhook-unsigned',
  'webhook-stale',
  'webhook-unprocessable',
] as const

export type CarrierTestName = (typeof CARRIER_TESTS)[number]

/** A webhook request as a fixture gives it: a Web `Request` or the raw form the core verifies. */
export type WebhookRequestLike = Request | RawWebhookRequest

/** Produces a request for the carrier under test (which may be ignored, e.g. behind msw). */
export type RequestFactory<C> = (carrier: C) => WebhookRequestLike | Promise<WebhookRequestLike>

/** Tests to skip, and why: the reason is printed in the skipped test's title. */
export interface CarrierSkip {
  reason: string
  tests: readonly CarrierTestName[]
}

/** Options of {@link testCarrier}. */
export interface TestCarrierOptions<C extends Carrier = Carrier> {
  /** Suite title, e.g. `'ups'`. */
  name: string
  /** A configured carrier; called once for the suite and again to check the id is stable. */
  create: () => C | Promise<C>
  /** Tracking numbers the carrier (or its mocked API) knows; at least one. */
  knownNumbers: (carrier: C) => readonly string[] | Promise<readonly string[]>
  /** A well-formed number the carrier does not know. */
  unknownNumber: string
  /**
   * What `track` does with a number it does not know, as the adapter documents it: leave it out
   * of the result (`'omit'`, the default) or reject with `CARRIER_NOT_FOUND` (`'throw'`).
   */
  unknownBehaviour?: 'omit' | 'throw'
  /** Other carriers' numbers `detect` must rank below the carrier's own (defaults: UPS, USPS, FedEx, DHL). */
  foreignNumbers?: readonly string[]
  /** Invalid options: the factory must throw `CONFIG_INVALID` naming every field, echoing no secret. */
  config?: {
    factory: (options: Record<string, unknown>) => Carrier
    invalid: Record<string, unknown>
    /** Option names (paths like `delays.legHours`) the error must mention. */
    fields: readonly string[]
    /** Values that must not appear in the error (put a secret among the invalid options). */
    secretValues?: readonly string[]
  }
  /** Fixtures for carriers with `capabilities.webhooks`. */
  webhook?: {
    /** A correctly signed, fresh tracking webhook. */
    signedRequest: RequestFactory<C>
    /** Default: the signed request with every header whose name contains "signature" or "hmac" removed. */
    unsignedRequest?: RequestFactory<C>
    /** Correctly signed but outside the accepted clock skew; required unless `webhook-stale` is skipped. */
    staleRequest?: RequestFactory<C>
  }
  skip?: readonly CarrierSkip[]
}
