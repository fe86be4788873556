export { type FastifyWebhooksOptions, fastifyWebhooks, type WebhookHost } from './fastify.ts'
