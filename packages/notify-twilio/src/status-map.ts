import type { DeliveryStatus } from '@wismo/core'

/**
 * Every `MessageStatus` of Twilio's Message resource (twilio-oai `message_enum_status`, 13
 * values) and what it means for a sent SMS. `null`: not a delivery event (the message is still
 * on its way inside Twilio, or the status belongs to inbound or group messages); such callbacks
 * parse to no event.
 */
export const TWILIO_STATUSES: Readonly<Record<string, DeliveryStatus | null>> = {
  queued: null,
  accepted: null,
  scheduled: null,
  sending: null,
  sent: 'sent',
  delivered: 'delivered',
  // Read receipts (WhatsApp, RCS) come after delivery.
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  // A scheduled message that was canceled will never go out.
  canceled: 'failed',
  // Group MMS only; a one-recipient SMS never reports it.
  partially_delivered: null,
  receiving: null,
  received: null,
}

/**
 * `ErrorCode`s on `failed` / `undelivered` callbacks that say more than "failed": the recipient
 * opted out, or the number cannot receive SMS at all (a bad address, like an e-mail bounce).
 * Sources: twilio.com/docs/api/errors/21610, /30005, /30006.
 */
export const TWILIO_ERROR_STATUSES: Readonly<Record<string, DeliveryStatus>> = {
  '21610': 'opted_out',
  '30005': 'bounced',
  '30006': 'bounced',
}

/** The delivery status for one callback, or `null` when it is not a delivery event. */
export function deliveryStatus(messageStatus: string, errorCode: string | null): DeliveryStatus | null {
  const status = TWILIO_STATUSES[messageStatus]
  if (status === undefined || status === null) return null
  if (status === 'failed' && errorCode) return TWILIO_ERROR_STATUSES[errorCode] ?? status
  return status
}
