import {
  defineNotifier,
  type Notifier,
  type NotifierFactoryContext,
  type NotifierWebhook,
  type OutgoingMessage,
} from '@wismo/core'
import { type VonageSmsOptions, VonageSmsOptionsSchema } from './options.ts'
import { sendSms, type VonageSendResult } from './send.ts'
import { vonageWebhook } from './webhook.ts'

/** A Vonage SMS notifier: `send` answers the first part's message id and every part's. */
export interface VonageSmsNotifier extends Notifier {
  send(message: OutgoingMessage): Promise<VonageSendResult>
  webhook: NotifierWebhook
}

const defineVonage = defineNotifier({
  id: 'vonage-sms',
  name: 'Vonage SMS',
  options: VonageSmsOptionsSchema,
  secrets: ['apiSecret', 'signatureSecret'],
  capabilities: { channels: ['sms'], idempotencyKeys: false, deliveryEvents: true },
  requestsPerSecond: (o) => o.requestsPerSecond,
  http: (o) => ({
    baseUrl: o.baseUrl,
    retries: o.retries,
    timeoutMs: o.timeoutMs,
    headers: { accept: 'application/json' },
  }),
  setup: (options, { http, log }) => ({
    send: (message) => sendSms(http, log, options, message),
    webhook: vonageWebhook({
      signatureSecret: options.signatureSecret,
      signatureMethod: options.signatureMethod,
      toleranceSec: options.toleranceSec,
      log,
    }),
  }),
})

/**
 * SMS through Vonage's SMS API (`POST /sms/json`). Vonage has no idempotency key: a send whose
 * outcome is unknown (timeout, crash) may have gone out, and sending again may deliver twice.
 * @example
 * const sms = vonageSms({
 *   apiKey: 'abcd1234',
 *   apiSecret: process.env.VONAGE_API_SECRET ?? '',
 *   from: 'AcmeShop',
 *   signatureSecret: process.env.VONAGE_SIGNATURE_SECRET,
 *   callback: 'https://shop.example/webhooks/vonage-sms',
 * })
 */
export function vonageSms(options: VonageSmsOptions, context?: NotifierFactoryContext): VonageSmsNotifier {
  return defineVonage(options, context) as VonageSmsNotifier
}
