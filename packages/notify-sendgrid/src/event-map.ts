import type { DeliveryStatus } from '@wismo/core'

/**
 * SendGrid Event Webhook `event` → delivery status; `null`: an engagement event that says
 * nothing about delivery (ignored). Events not listed here (new ones) are ignored too.
 */
export const SENDGRID_EVENTS: Readonly<Record<string, DeliveryStatus | null>> = {
  processed: 'sent',
  delivered: 'delivered',
  deferred: 'deferred',
  bounce: 'bounced',
  dropped: 'failed',
  spamreport: 'opted_out',
  unsubscribe: 'opted_out',
  group_unsubscribe: 'opted_out',
  open: null,
  click: null,
  group_resubscribe: null,
}

/**
 * A `bounce` event's `type`: `bounce` (the address does not take mail) or `blocked` (the
 * receiving server refused this message, e.g. for reputation; the address may be fine).
 */
export const SENDGRID_BOUNCE_TYPES: Readonly<Record<string, DeliveryStatus>> = {
  bounce: 'bounced',
  blocked: 'failed',
}

/**
 * A `dropped` event's `reason` when SendGrid suppressed the recipient; other reasons (invalid
 * SMTPAPI header, spam content, "Invalid", quota) stay `failed`.
 */
export const SENDGRID_DROP_REASONS: Readonly<Record<string, DeliveryStatus>> = {
  'Bounced Address': 'bounced',
  'Unsubscribed Address': 'opted_out',
  'Spam Reporting Address': 'opted_out',
}

/** The delivery status of one event, or `null` when it is not a delivery event. */
export function deliveryStatusOf(event: {
  event: string
  type?: string
  reason?: string
}): DeliveryStatus | null {
  const status = SENDGRID_EVENTS[event.event] ?? null
  if (status === 'bounced' && event.type) return SENDGRID_BOUNCE_TYPES[event.type] ?? status
  if (event.event === 'dropped' && event.reason) return SENDGRID_DROP_REASONS[event.reason] ?? status
  return status
}
