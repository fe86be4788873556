import { createHash } from 'node:crypto'
import { type ParsedOutgoingMessage, WismoError } from '@wismo/core'

/** What a receiver gets: Standard Webhooks' `{ type, timestamp, data }`. */
export interface WebhookBody {
  /** The event type, e.g. `shipment.delivered`. */
  type: string
  /** ISO 8601 instant of this attempt (the message carries no event time; put it in `data`). */
  timestamp: string
  data: Record<string, unknown>
}

/** Printable ASCII without `.` and `,`: what the spec and an HTTP header can carry as is. */
const SAFE_ID = /^[!-+\-/-~]{1,256}$/

/**
 * The `webhook-id` of a message: its idempotency key, so it is the same on every retry and from
 * every process. A key Standard Webhooks cannot carry as is (it holds `.`, `,`, spaces or
 * characters outside printable ASCII, which a header cannot hold) becomes
 * `msg_` + the first 32 characters of its SHA-256 in base64url, just as stable.
 * @example webhookId('notif_123') // 'notif_123'
 */
export function webhookId(idempotencyKey: string): string {
  if (SAFE_ID.test(idempotencyKey)) return idempotencyKey
  return `msg_${createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 32)}`
}

/**
 * The JSON body: `data` is the message's payload, or `{ text, subject? }` when it has none.
 * A webhook message needs a `type`.
 */
export function webhookBody(message: ParsedOutgoingMessage, now: Date): WebhookBody {
  if (!message.type)
    throw new WismoError('INPUT_INVALID', 'a webhook message needs a type (e.g. "shipment.delivered")', {
      details: { problems: ['type: required for the webhook channel'] },
    })
  const data = message.payload ?? {
    text: message.text,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
  }
  return { type: message.type, timestamp: now.toISOString(), data }
}
