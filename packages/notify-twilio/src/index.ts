export { type TwilioSmsNotifier, twilioSms } from './notifier.ts'
export {
  E164,
  type ResolvedTwilioSmsOptions,
  TWILIO_API_URL,
  type TwilioSmsOptions,
  TwilioSmsOptionsSchema,
} from './options.ts'
export { RATE_LIMIT_RETRY_MS, type TwilioSendResult } from './send.ts'
export { candidateUrls, isValidTwilioSignature, twilioSignature } from './signature.ts'
export { deliveryStatus, TWILIO_ERROR_STATUSES, TWILIO_STATUSES } from './status-map.ts'
export { type TwilioWebhookOptions, twilioWebhook } from './webhook.ts'
