export { type ExpressWebhooksOptions, expressWebhooks, keepRawBody, type WebhookHost } from './express.ts'
