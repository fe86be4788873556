export {
  type ExpressWebhooks,
  type ExpressWebhooksOptions,
  expressWebhookErrors,
  expressWebhooks,
  keepRawBody,
  type WebhookHost,
} from './express.ts'
