import { type DeliveryEvent, type Logger, WismoError } from '@wismo/core'
import { deliveryStatusOf } from './event-map.ts'
import { type SendgridEvent, SendgridEventBatchSchema } from './schema.ts'

/**
 * SendGrid's message id as `X-Message-Id` gave it. Events carry `sg_message_id` =
 * `X-Message-Id` + `.` + a per-recipient suffix (`LRzXl_NHStOGhQ4kofSm_A.filterdrecv-…`), so
 * the part before the first dot is kept; `smtp-id` (`<X-Message-Id@ismtpd…>`) is the fallback
 * when `sg_message_id` is missing (asynchronous bounces).
 * @example sendgridMessageId({ sg_message_id: 'LRzX.filterdrecv-1' }) // 'LRzX'
 */
export function sendgridMessageId(event: Pick<SendgridEvent, 'sg_message_id' | 'smtp-id'>): string | null {
  const fromSg = event.sg_message_id?.split('.')[0]?.trim()
  if (fromSg) return fromSg
  const fromSmtp = /^<?([^@<>\s]+)@/.exec(event['smtp-id'] ?? '')?.[1]
  return fromSmtp ?? null
}

/**
 * The delivery events of one Event Webhook POST. Engagement events (open, click, resubscribe)
 * and unknown event types are left out; an event naming no message id is left out with a warning.
 * @example parseSendgridEvents(JSON.parse(body)) // [{ providerMessageId, status: 'delivered', … }]
 */
export function parseSendgridEvents(body: unknown, log?: Logger): DeliveryEvent[] {
  const parsed = SendgridEventBatchSchema.safeParse(body)
  if (!parsed.success)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'SendGrid event webhook body is not an array of events', {
      details: { problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
    })
  const out: DeliveryEvent[] = []
  for (const event of parsed.data) {
    const status = deliveryStatusOf(event)
    if (status === null) continue
    const providerMessageId = sendgridMessageId(event)
    if (providerMessageId === null) {
      log?.warn({ event: event.event, sgEventId: event.sg_event_id }, 'sendgrid event without message id')
      continue
    }
    out.push({
      providerMessageId,
      status,
      occurredAt: new Date(event.timestamp * 1000).toISOString(),
      recipient: event.email ?? null,
      reason: reasonOf(event),
      providerEventId: event.sg_event_id ?? null,
    })
  }
  return out
}

/** The vendor's words: bounce status + reason, a deferral's response, a drop's reason. */
function reasonOf(event: SendgridEvent): string | null {
  const text = event.reason ?? event.response ?? null
  const parts = [event.event === 'bounce' ? event.type : undefined, event.status, text]
  const joined = parts.filter((p): p is string => !!p).join(' ')
  return joined === '' ? null : joined.slice(0, 1000)
}
