export * from './carrier/breaker.ts'
export { CarrierBudgetSchema, DEFAULT_BUDGET_WAIT_MS } from './carrier/budget.ts'
export type * from './carrier/contract.ts'
export * from './carrier/define-carrier.ts'
export * from './carrier/labels.ts'
export * from './carrier/oauth.ts'
export * from './carrier/status-table.ts'
export * from './carrier/subscribe.ts'
export { parseInput, parseOptions } from './define/options.ts'
export { wrapMethods } from './define/wrap.ts'
export * from './detect/detect.ts'
export * from './detect/vendor-carriers.ts'
export * from './domain/dedup.ts'
export * from './domain/schemas.ts'
export * from './domain/state-machine.ts'
export * from './domain/status.ts'
export * from './domain/time.ts'
export * from './domain/tracking-number.ts'
export * from './errors.ts'
export * from './eta/index.ts'
export type * from './events.ts'
export { STATUS_EVENTS } from './events.ts'
export * from './feedback/index.ts'
export * from './http/client.ts'
export * from './http/status-codes.ts'
export { allEvents } from './ingest/events.ts'
export type { IngestOutcome, IngestResult } from './ingest/ingest.ts'
export {
  type IngestManyOptions,
  IngestManyOptionsSchema,
  type IngestManyReport,
} from './ingest/ingest-many.ts'
export { planIngest } from './ingest/plan.ts'
export {
  type CreatedShipment,
  type CreateShipmentInput,
  CreateShipmentSchema,
  LABEL_KEY,
  LABEL_LEASE_MS,
  labelRequestKey,
} from './labels/create-shipment.ts'
export { chooseRate } from './labels/rates.ts'
export * from './links/tracking-links.ts'
export * from './logger.ts'
export * from './notify/contract.ts'
export * from './notify/define-notifier.ts'
export { type NotificationsOptions, NotificationsOptionsSchema } from './notify/engine/options.ts'
export { quietUntil } from './notify/engine/quiet-hours.ts'
export type { NotifyOptions, NotifyReport } from './notify/engine/send.ts'
export * from './notify/templates/index.ts'
export { type ArchiveOptions, ArchiveOptionsSchema } from './ops/archive.ts'
export type { OpsNotification, OpsSearchResult, OpsShipmentDetail } from './ops/ops-api.ts'
export { type HealthCheck, type HealthOptions, HealthOptionsSchema } from './runtime/health.ts'
export {
  type RuntimeOptions,
  RuntimeOptionsSchema,
  type RuntimeState,
  type StopReport,
} from './runtime/runtime.ts'
export type * from './store/contract.ts'
export * from './store/define-store.ts'
export * from './store/label-requests.ts'
export * from './store/memory-store.ts'
export * from './store/ops.ts'
export * from './telemetry/index.ts'
export { newId } from './util/ids.ts'
export type { WebhookAnswer } from './webhooks/answer.ts'
export {
  type ArchivedWebhook,
  type BytesRequest,
  createWebhookHandler,
  type HandleOptions,
  type WebhookHandle,
  type WebhookHandlerOptions,
} from './webhooks/handler.ts'
export { parseJsonBody } from './webhooks/parse-json.ts'
export { type BodyLimits, readBody } from './webhooks/read-body.ts'
export * from './webhooks/verify/index.ts'
export * from './wismo.ts'
export { type RegisterShipmentInput, RegisterShipmentSchema, type WismoOptions } from './wismo-options.ts'
export * from './workers/dispatcher.ts'
export { DEFAULT_EXPIRE_AFTER_MS } from './workers/expiry.ts'
export * from './workers/poller.ts'
export * from './workers/schedule.ts'
export type { SignalPassOptions, SignalPassReport } from './workers/signals.ts'
