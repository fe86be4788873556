import { z } from 'zod'
import type { BreakerOptions } from './carrier/breaker.ts'
import type { Carrier } from './carrier/contract.ts'
import {
  AddressSchema,
  CarrierTimeSchema,
  DirectionSchema,
  MAX_PIECES,
  ShipmentFeaturesSchema,
} from './domain/schemas.ts'
import { TrackingNumberSchema } from './domain/tracking-number.ts'
import { type FeedbackOptions, FeedbackOptionsSchema } from './feedback/feedback.ts'
import type { EtaConfig } from './ingest/eta-runtime.ts'
import { type TrackingLinksOptions, TrackingLinksOptionsSchema } from './links/tracking-links.ts'
import type { Logger } from './logger.ts'
import { type NotificationsOptions, NotificationsOptionsSchema } from './notify/engine/options.ts'
import { type ArchiveOptions, ArchiveOptionsSchema } from './ops/archive.ts'
import { type HealthOptions, HealthOptionsSchema } from './runtime/health.ts'
import type { WismoStore } from './store/contract.ts'
import { type TelemetryOptions, TelemetryOptionsSchema } from './telemetry/options.ts'
import type { WebhookHandlerOptions } from './webhooks/handler.ts'
import type { ReplayGuard } from './webhooks/verify/replay-guard.ts'

/** What to do with updates for numbers never registered (see `WismoOptions.unknownShipments`). */
export type UnknownShipments = 'auto' | 'create' | 'ignore'

export interface WismoOptions {
  /** Where shipments live. Default: the in-memory store (lost on exit). */
  store?: WismoStore
  carriers: readonly Carrier[]
  logger?: Logger
  /** Current time; tests and simulations pass their own clock. */
  clock?: () => Date
  /**
   * Updates for numbers never registered: `'create'` keeps them as shipments (linked to an order
   * when registered later), `'ignore'` drops them, `'auto'` (default) ignores them from carriers
   * with `capabilities.accountWebhooks` (aggregators) and keeps the rest. A record sets it per
   * carrier id (`{ easypost: 'create' }`), `'auto'` for the others.
   */
  unknownShipments?: UnknownShipments | Readonly<Record<string, 'create' | 'ignore'>>
  /** Below this confidence an auto-detected carrier is not trusted (default 0.5). */
  detectionThreshold?: number
  webhooks?: WebhookHandlerOptions
  /**
   * The ETA model (see docs/eta.md): model options, `promiseQuantile`, `calendars` (defaults of
   * every destination's business calendar), `estimate` and `signals` options. One model per
   * instance, warmed from the stored deliveries (`store.listDeliveries`, 2,000 at a time) on first use and updated as deliveries
   * complete. Without it, ETAs blend carrier dates and the shop's promise only.
   */
  eta?: EtaConfig
  /** Circuit breaker per carrier: open after `failures` consecutive failed calls, probe after `halfOpenAfterMs`. */
  breakers?: BreakerOptions
  /**
   * Adapters that may track a carrier's numbers while its breaker is open, in order, e.g.
   * `{ ups: ['easypost'] }` (an aggregator account that tracks UPS).
   */
  failover?: Readonly<Record<string, readonly string[]>>
  /**
   * Tell customers: providers per channel, which triggers notify on which channel, the shop, the
   * tracking link (see docs/notifications.md). Without it Wismo sends nothing.
   */
  notifications?: NotificationsOptions
  /**
   * Signed, expiring links to an order's tracking page (`wismo.trackingLink(orderId)`): the
   * secret, where the page is mounted and how long a link lasts (see docs/tracking-page.md).
   * With it, `notifications.trackingUrl` may be left out: messages link to the signed page.
   */
  trackingLinks?: TrackingLinksOptions
  /** Post-delivery ratings (`wismo.feedback`): how long a rating stays editable (default 7 days). */
  feedback?: FeedbackOptions
  /** Bounds of `wismo.health.ready`: outbox depth and age (see docs/operations.md). */
  health?: HealthOptions
  /**
   * The support archive: webhook bodies that changed shipments and notification attempt logs,
   * shown by the ops dashboard and pruned by the runtime after `retentionMs` (default 30 days).
   */
  archive?: ArchiveOptions
  /**
   * OpenTelemetry providers; default: the global ones (no-ops until the host registers an SDK).
   * See docs/operations.md.
   */
  telemetry?: TelemetryOptions
  /**
   * How many scans (across shipments) the instance keeps in memory so an ingest need not read a
   * shipment's history back from the store (default 50,000; about 0.5 KB each; `0`: none). A
   * history is used only while the stored shipment's version is the one it was read at, so other
   * processes' writes are never missed. See docs/performance.md.
   */
  historyCacheEvents?: number
}

/** Validation of {@link WismoOptions}: one `CONFIG_INVALID` listing every problem. */
export const OptionsSchema = z.object({
  store: z
    .custom<WismoStore>((v) => typeof v === 'object' && v !== null && 'commit' in v, 'expected a Wismo store')
    .optional(),
  carriers: z.array(
    z.custom<Carrier>(
      (v) => typeof v === 'object' && v !== null && 'id' in v && 'track' in v,
      'expected a carrier',
    ),
  ),
  logger: z
    .custom<Logger>((v) => typeof v === 'object' && v !== null && 'error' in v, 'expected a logger')
    .optional(),
  clock: z.custom<() => Date>((v) => typeof v === 'function', 'expected a function').optional(),
  unknownShipments: z
    .union([z.enum(['auto', 'create', 'ignore']), z.record(z.string(), z.enum(['create', 'ignore']))])
    .default('auto'),
  detectionThreshold: z.number().min(0).max(1).default(0.5),
  webhooks: z
    .object({
      maxBodyBytes: z
        .number()
        .int()
        .positive()
        .max(64 * 1024 * 1024)
        .default(1024 * 1024),
      bodyIdleTimeoutMs: z.number().int().positive().default(10_000),
      bodyTimeoutMs: z.number().int().positive().default(30_000),
      replayGuard: z
        .custom<ReplayGuard>(
          (v) => typeof v === 'object' && v !== null && 'begin' in v && 'complete' in v && 'abort' in v,
          'expected a replay guard (begin, complete, abort)',
        )
        .optional(),
    })
    .strict()
    .default({ maxBodyBytes: 1024 * 1024, bodyIdleTimeoutMs: 10_000, bodyTimeoutMs: 30_000 }),
  eta: z.custom<EtaConfig>((v) => typeof v === 'object' && v !== null, 'expected ETA options').optional(),
  breakers: z
    .object({
      failures: z.number().int().min(1).max(1000).optional(),
      halfOpenAfterMs: z.number().int().min(1).optional(),
    })
    .strict()
    .optional(),
  failover: z.record(z.string().min(1), z.array(z.string().min(1)).max(10)).default({}),
  notifications: NotificationsOptionsSchema.optional(),
  trackingLinks: TrackingLinksOptionsSchema.optional(),
  feedback: FeedbackOptionsSchema.default({ editableForMs: 7 * 86_400_000 }),
  health: HealthOptionsSchema.default({ maxOutboxAgeMs: 15 * 60_000, maxOutboxDepth: 10_000 }),
  archive: ArchiveOptionsSchema.default({ payloads: true, retentionMs: 30 * 86_400_000 }),
  telemetry: TelemetryOptionsSchema.optional(),
  historyCacheEvents: z.number().int().min(0).max(10_000_000).default(50_000),
})

export const RegisterShipmentSchema = z
  .object({
    orderId: z.string().trim().min(1).max(200).optional(),
    trackingNumber: TrackingNumberSchema,
    /** The pieces of a multi-piece shipment, each its own tracking number. */
    pieces: z.array(TrackingNumberSchema).max(MAX_PIECES).optional(),
    carrier: z.string().trim().min(1).max(100).optional(),
    carrierShipmentId: z.string().trim().min(1).max(200).optional(),
    service: z.string().max(500).optional(),
    origin: AddressSchema.optional(),
    destination: AddressSchema.optional(),
    direction: DirectionSchema.default('outbound'),
    promisedDate: CarrierTimeSchema.optional(),
    /** What the ETA model may learn from: weight, volume, freight paid, handling days, distance. */
    features: ShipmentFeaturesSchema.optional(),
    metadata: z.record(z.string().max(100), z.string().max(2000)).default({}),
  })
  .strict()

export type RegisterShipmentInput = z.input<typeof RegisterShipmentSchema>
