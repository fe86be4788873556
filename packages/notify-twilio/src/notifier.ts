import {
  defineNotifier,
  type Notifier,
  type NotifierFactoryContext,
  type NotifierWebhook,
  type OutgoingMessage,
} from '@wismo/core'
import { type ResolvedTwilioSmsOptions, type TwilioSmsOptions, TwilioSmsOptionsSchema } from './options.ts'
import { sendSms, type TwilioSendResult } from './send.ts'
import { twilioWebhook } from './webhook.ts'

/** A Twilio SMS notifier: `send` answers the Message sid and its segment count. */
export interface TwilioSmsNotifier extends Notifier {
  send(message: OutgoingMessage): Promise<TwilioSendResult>
  webhook: NotifierWebhook
}

function basicAuth(o: ResolvedTwilioSmsOptions): string {
  const user = o.apiKeySid ?? o.accountSid
  const password = o.apiKeySecret ?? o.authToken ?? ''
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

const defineTwilio = defineNotifier({
  id: 'twilio-sms',
  name: 'Twilio SMS',
  options: TwilioSmsOptionsSchema,
  secrets: ['authToken', 'apiKeySecret'],
  capabilities: { channels: ['sms'], idempotencyKeys: false, deliveryEvents: true },
  requestsPerSecond: (o) => o.requestsPerSecond,
  http: (o) => ({
    baseUrl: o.baseUrl,
    retries: o.retries,
    timeoutMs: o.timeoutMs,
    headers: { authorization: basicAuth(o), accept: 'application/json' },
  }),
  setup: (options, { http, log }) => ({
    send: (message) => sendSms(http, options, message),
    webhook: twilioWebhook({
      authToken: options.authToken,
      publicUrl: options.publicUrl ?? options.statusCallback,
      log,
    }),
  }),
})

/**
 * SMS through Twilio's Messages API. Twilio has no idempotency key for messages: a send whose
 * outcome is unknown (timeout, crash) may have gone out, and sending again may deliver twice.
 * @example
 * const sms = twilioSms({
 *   accountSid: 'AC00000000000000000000000000000000',
 *   authToken: process.env.TWILIO_AUTH_TOKEN,
 *   from: '+15005550006',
 *   statusCallback: 'https://shop.example/webhooks/twilio-sms',
 * })
 * const { providerMessageId } = await sms.send({ idempotencyKey: 'n-1', channel: 'sms', to: '+14155550123', text: 'Out for delivery' })
 */
export function twilioSms(options: TwilioSmsOptions, context?: NotifierFactoryContext): TwilioSmsNotifier {
  return defineTwilio(options, context) as TwilioSmsNotifier
}
