export { isGsm7 } from './gsm7.ts'
export { type VonageSmsNotifier, vonageSms } from './notifier.ts'
export {
  type ResolvedVonageSmsOptions,
  SIGNATURE_METHODS,
  type SignatureMethod,
  VONAGE_SMS_URL,
  type VonageSmsOptions,
  VonageSmsOptionsSchema,
} from './options.ts'
export { clientRef, E164, THROTTLED_RETRY_MS, type VonageSendResult } from './send.ts'
export { isValidVonageSignature, signedString, vonageSignature } from './signature.ts'
export { dlrStatus, VONAGE_DLR_ERRORS, VONAGE_DLR_STATUSES, VONAGE_SEND_STATUSES } from './status-map.ts'
export { receiptParams, type VonageWebhookOptions, vonageWebhook } from './webhook.ts'
