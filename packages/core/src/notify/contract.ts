import { z } from 'zod'
import { InstantSchema } from '../domain/schemas.ts'
import type { HttpClient } from '../http/client.ts'
import type { Logger } from '../logger.ts'
import type { RawWebhookRequest, VerifyResult } from '../webhooks/verify/types.ts'

/**
 * Notifiers: the contract between Wismo's notification engine and an e-mail, SMS or outgoing
 * webhook provider. The engine renders, decides and records; a notifier only hands one message
 * to its provider and reads the provider's delivery events.
 */

export const CHANNELS = ['email', 'sms', 'webhook'] as const
export type Channel = (typeof CHANNELS)[number]

/** One message to hand to a provider, rendered and addressed. */
export const OutgoingMessageSchema = z
  .object({
    /**
     * Stable for this message across retries, processes and providers: pass it to a provider
     * that deduplicates by key (Resend's `Idempotency-Key`, a webhook's `webhook-id`).
     */
    idempotencyKey: z.string().min(1).max(200),
    channel: z.enum(CHANNELS),
    /** An e-mail address, an E.164 phone number (`+14155550123`), or the webhook's URL. */
    to: z.string().min(1).max(2000),
    /** E-mail subject. */
    subject: z.string().max(500).optional(),
    /** E-mail HTML part. */
    html: z.string().max(1_000_000).optional(),
    /** The plain text: the e-mail's text part, or the SMS body. */
    text: z.string().max(100_000),
    /** For the webhook channel: the event type (`shipment.delivered`) and its JSON payload. */
    type: z.string().max(200).optional(),
    payload: z.record(z.string(), z.unknown()).optional(),
    /** Non-personal tags a provider may keep (shipment id, trigger), e.g. SendGrid `custom_args`. */
    tags: z.record(z.string().max(100), z.string().max(500)).default({}),
  })
  .strict()

export type OutgoingMessage = z.input<typeof OutgoingMessageSchema>
export type ParsedOutgoingMessage = z.output<typeof OutgoingMessageSchema>

/** What a provider answered when it accepted a message. */
export interface SendResult {
  /** The provider's id of the message (used to match its delivery events), when it gives one. */
  providerMessageId: string | null
}

/** What happened to a sent message, as the provider's delivery events say. */
export const DELIVERY_STATUSES = ['sent', 'delivered', 'deferred', 'bounced', 'failed', 'opted_out'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** One delivery event a provider pushed (SendGrid's Event Webhook, Twilio's status callback…). */
export const DeliveryEventSchema = z
  .object({
    providerMessageId: z.string().min(1).max(300),
    status: z.enum(DELIVERY_STATUSES),
    occurredAt: InstantSchema,
    /** The recipient, when the event names one (an SMS opt-out names the phone number). */
    recipient: z.string().max(2000).nullish(),
    /** The provider's own code or reason, as given. */
    reason: z.string().max(1000).nullish(),
    /** The provider's id of this event, for replay checks. */
    providerEventId: z.string().max(300).nullish(),
    /** The message's idempotency key, when the provider echoes it (SendGrid custom args, Vonage client-ref). */
    idempotencyKey: z.string().max(200).nullish(),
  })
  .strict()

export type DeliveryEvent = z.infer<typeof DeliveryEventSchema>

/** Receiving a provider's delivery events: check the signature on raw bytes, then parse. */
export interface NotifierWebhook {
  /** Throws `WEBHOOK_INVALID_SIGNATURE` / `WEBHOOK_STALE`. */
  verify(request: RawWebhookRequest): Promise<VerifyResult | undefined | void>
  /** Throws `WEBHOOK_UNPROCESSABLE` when the body is well formed but not delivery events. */
  parse(body: unknown, request: RawWebhookRequest): DeliveryEvent[] | Promise<DeliveryEvent[]>
}

/** What a notifier can do. */
export interface NotifierCapabilities {
  channels: readonly Channel[]
  /**
   * The provider deduplicates by `idempotencyKey` (Resend, for 24 hours; a webhook receiver by
   * `webhook-id`): a send whose outcome is unknown may be sent again without a duplicate.
   */
  idempotencyKeys: boolean
  /** The provider pushes delivery events that `webhook` verifies and parses. */
  deliveryEvents: boolean
}

/** What `setup` returns: the notifier's behaviour. */
export interface NotifierImplementation {
  /**
   * Hand one message to the provider. Resolves when the provider accepted it; throws a coded
   * error otherwise: `NOTIFY_AUTH_FAILED`, `NOTIFY_RATE_LIMITED` (with `retryAfterMs`),
   * `NOTIFY_UNAVAILABLE` / `NOTIFY_TIMEOUT` / `NOTIFY_NETWORK_ERROR` (retryable),
   * `NOTIFY_REQUEST_REJECTED` (the message or recipient was refused), `NOTIFY_OPTED_OUT` (the
   * recipient unsubscribed, e.g. replied STOP: `details.recipient`).
   */
  send(message: ParsedOutgoingMessage): Promise<SendResult>
  webhook?: NotifierWebhook
  close?(): Promise<void>
}

/** A configured notifier, as passed to `createWismo({ notifications: { channels } })`. */
export interface Notifier extends Omit<NotifierImplementation, 'send'> {
  /** Validates the message (`INPUT_INVALID`), then hands it to the provider (see {@link NotifierImplementation.send}). */
  send(message: OutgoingMessage): Promise<SendResult>
  /** Release what the notifier holds (an SMTP connection pool); called by the host on shutdown. */
  close?(): Promise<void>
  readonly id: string
  readonly name: string
  readonly capabilities: NotifierCapabilities
  /** Set by `createWismo`: from then on the notifier logs through the instance's logger. */
  attach?(runtime: { log: Logger }): void
}

export interface NotifierContext {
  http: HttpClient
  log: Logger
}
