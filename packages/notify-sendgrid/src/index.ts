export {
  deliveryStatusOf,
  SENDGRID_BOUNCE_TYPES,
  SENDGRID_DROP_REASONS,
  SENDGRID_EVENTS,
} from './event-map.ts'
export {
  IDEMPOTENCY_ARG,
  MAIL_SEND_PATH,
  mailSendBody,
  RESERVED_ARGS,
  type SendgridNotifier,
  sendgridNotifier,
} from './notifier.ts'
export {
  type ResolvedSendgridOptions,
  SENDGRID_API_URL,
  SENDGRID_EU_API_URL,
  type SendgridNotifierOptions,
  SendgridNotifierOptionsSchema,
} from './options.ts'
export { type SendgridEvent, SendgridEventBatchSchema, SendgridEventSchema } from './schema.ts'
export {
  derToRaw,
  type SendgridEventVerifierOptions,
  SIGNATURE_HEADER,
  sendgridEventVerifier,
  TIMESTAMP_HEADER,
} from './signature.ts'
export { parseSendgridEvents, sendgridMessageId } from './webhook.ts'
