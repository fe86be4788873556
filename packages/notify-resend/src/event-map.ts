import type { DeliveryStatus } from '@wismo/core'

/**
 * Resend webhook `type` → delivery status; `null`: not about delivery (scheduling, engagement,
 * inbound mail). Types not listed (contact.*, domain.*, new ones) are ignored too.
 */
export const RESEND_EVENTS: Readonly<Record<string, DeliveryStatus | null>> = {
  'email.sent': 'sent',
  'email.delivered': 'delivered',
  'email.delivery_delayed': 'deferred',
  'email.bounced': 'bounced',
  'email.complained': 'opted_out',
  'email.failed': 'failed',
  'email.suppressed': 'opted_out',
  'email.scheduled': null,
  'email.opened': null,
  'email.clicked': null,
  'email.received': null,
}

/**
 * `email.bounced` by `data.bounce.type`: `Permanent` (the address takes no mail) and
 * `Undetermined` stay `bounced`; `Transient` (mailbox full, message too large…) is `failed`,
 * since the address may take mail later.
 */
export const RESEND_BOUNCE_TYPES: Readonly<Record<string, DeliveryStatus>> = {
  Permanent: 'bounced',
  Undetermined: 'bounced',
  Transient: 'failed',
}

/** `email.suppressed` by `data.suppressed.reason`: why Resend would not send to the address. */
export const RESEND_SUPPRESSION_REASONS: Readonly<Record<string, DeliveryStatus>> = {
  previous_bounce: 'bounced',
  previous_complaint: 'opted_out',
}
