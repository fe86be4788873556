import {
  type DeliveryEvent,
  type DeliveryStatus,
  standardWebhooksVerifier,
  type WebhookVerifier,
  WismoError,
} from '@wismo/core'
import { RESEND_BOUNCE_TYPES, RESEND_EVENTS, RESEND_SUPPRESSION_REASONS } from './event-map.ts'
import { ResendAnyEventSchema, type ResendEmailEvent, ResendEmailEventSchema } from './schema.ts'

const SVIX_HEADERS = [
  ['svix-id', 'webhook-id'],
  ['svix-timestamp', 'webhook-timestamp'],
  ['svix-signature', 'webhook-signature'],
] as const

/**
 * A verifier for Resend's webhooks. Resend signs with Svix, which is Standard Webhooks with
 * `svix-` header names: the headers are renamed and core's `standardWebhooksVerifier` checks them
 * (`webhook-` names are accepted as well, as Svix's libraries do). `secrets` are `whsec_…`.
 * @example
 * const verify = resendWebhookVerifier({ toleranceSec: 300 })
 * const { messageId } = await verify(request, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'])
 */
export function resendWebhookVerifier(options: { toleranceSec?: number } = {}): WebhookVerifier {
  const verify = standardWebhooksVerifier(options)
  return (req, secrets, now) => verify({ ...req, headers: standardHeaders(req.headers) }, secrets, now)
}

/** The request's headers with `svix-*` copied to `webhook-*` where those are absent. */
function standardHeaders(headers: Headers): Headers {
  const out = new Headers(headers)
  for (const [svix, standard] of SVIX_HEADERS) {
    const value = headers.get(svix)
    if (value !== null && !out.has(standard)) out.set(standard, value)
  }
  return out
}

/**
 * The delivery event of one Resend webhook POST (Resend posts one event per request): `[]` for
 * events that are not about delivery (opened, clicked, scheduled, received, contact.*, domain.*).
 * `providerEventId` is the `svix-id` header, the same across Resend's retries.
 * @example parseResendEvent(JSON.parse(body), request.headers) // [{ providerMessageId: '49a3…', status: 'delivered', … }]
 */
export function parseResendEvent(body: unknown, headers?: Headers): DeliveryEvent[] {
  const any = ResendAnyEventSchema.safeParse(body)
  if (!any.success) throw unprocessable('it has no event type')
  if (!(any.data.type in RESEND_EVENTS) || RESEND_EVENTS[any.data.type] === null) return []
  const parsed = ResendEmailEventSchema.safeParse(body)
  if (!parsed.success) throw unprocessable(parsed.error.issues[0]?.path.join('.') ?? 'invalid')
  const event = parsed.data
  const eventId = headers?.get('svix-id') ?? headers?.get('webhook-id') ?? null
  return [
    {
      providerMessageId: event.data.email_id,
      status: statusOf(event),
      occurredAt: instant(event.created_at, event.data.created_at),
      recipient: recipientOf(event.data.to),
      reason: reasonOf(event),
      providerEventId: eventId,
    },
  ]
}

function unprocessable(why: string): WismoError {
  return new WismoError('WEBHOOK_UNPROCESSABLE', `Resend webhook body is not an event: ${why}`)
}

function statusOf(event: ResendEmailEvent): DeliveryStatus {
  const status = RESEND_EVENTS[event.type] as DeliveryStatus
  const bounce = event.data.bounce?.type
  if (event.type === 'email.bounced' && bounce) return RESEND_BOUNCE_TYPES[bounce] ?? status
  const suppressed = event.data.suppressed?.reason
  if (event.type === 'email.suppressed' && suppressed) return RESEND_SUPPRESSION_REASONS[suppressed] ?? status
  return status
}

/** The event's time as an ISO instant (Resend writes microseconds and `+00:00` in places). */
function instant(...candidates: (string | undefined)[]): string {
  for (const text of candidates) {
    const ms = text ? Date.parse(text) : Number.NaN
    if (Number.isFinite(ms)) return new Date(ms).toISOString()
  }
  throw unprocessable('created_at is not a date')
}

function recipientOf(to: string | string[] | undefined): string | null {
  const list = typeof to === 'string' ? [to] : (to ?? [])
  return list.length > 0 ? list.join(', ').slice(0, 2000) : null
}

function reasonOf(event: ResendEmailEvent): string | null {
  const { bounce, failed, suppressed } = event.data
  const parts = bounce
    ? [bounce.type, bounce.subType, bounce.message]
    : suppressed
      ? [suppressed.reason, suppressed.message]
      : [failed?.reason]
  const text = parts.filter((p): p is string => !!p).join(' ')
  return text === '' ? null : text.slice(0, 1000)
}
