export { QUOTA_ERRORS, RESEND_ERRORS, type ResendErrorRule } from './errors.ts'
export { RESEND_BOUNCE_TYPES, RESEND_EVENTS, RESEND_SUPPRESSION_REASONS } from './event-map.ts'
export {
  EMAILS_PATH,
  emailBody,
  explain as explainResendError,
  type ResendNotifier,
  resendNotifier,
  withQuotaRetryAfter,
} from './notifier.ts'
export {
  RESEND_API_URL,
  type ResendNotifierOptions,
  ResendNotifierOptionsSchema,
  type ResolvedResendOptions,
} from './options.ts'
export {
  type ResendEmailEvent,
  ResendEmailEventSchema,
  ResendErrorSchema,
  ResendSendResponseSchema,
} from './schema.ts'
export { parseResendEvent, resendWebhookVerifier } from './webhook.ts'
