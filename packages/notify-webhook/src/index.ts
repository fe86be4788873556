export { type WebhookBody, webhookBody, webhookId } from './message.ts'
export { checkDestination, isPrivateAddress, PRIVATE_RANGES } from './network.ts'
export { type WebhookNotifier, type WebhookNotifierContext, webhookNotifier } from './notifier.ts'
export {
  type ResolvedWebhookOptions,
  type WebhookNotifierOptions,
  WebhookNotifierOptionsSchema,
} from './options.ts'
export { type NextRetryOptions, nextRetryAt, WEBHOOK_RETRY_SCHEDULE_MS } from './retry.ts'
export { MAX_RESPONSE_BYTES } from './transport.ts'
