import type { DeliveryStatus, WismoErrorCode } from '@wismo/core'

/**
 * Every non-zero `status` of an SMS API answer (Nexmo `sms.yml`, vonage-node-sdk `SMSStatus`,
 * developer.vonage.com/en/api-errors/sms: 19 codes) and the Wismo error it becomes. The SMS API
 * answers HTTP 200 even when it refuses a message, so this table is the error mapping.
 * Account-level refusals (credentials, barred or unfunded account, HTTP not enabled) are
 * `NOTIFY_AUTH_FAILED`: every message fails until someone fixes the account.
 */
export const VONAGE_SEND_STATUSES: Readonly<Record<string, { code: WismoErrorCode; meaning: string }>> = {
  '1': { code: 'NOTIFY_RATE_LIMITED', meaning: 'Throttled' },
  '2': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Missing parameters' },
  '3': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Invalid parameters' },
  '4': { code: 'NOTIFY_AUTH_FAILED', meaning: 'Invalid credentials' },
  '5': { code: 'NOTIFY_UNAVAILABLE', meaning: 'Internal error' },
  '6': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Invalid message (unroutable)' },
  '7': { code: 'NOTIFY_OPTED_OUT', meaning: 'Number barred' },
  '8': { code: 'NOTIFY_AUTH_FAILED', meaning: 'Partner account barred' },
  '9': { code: 'NOTIFY_AUTH_FAILED', meaning: 'Partner quota violation (no credit)' },
  '10': { code: 'NOTIFY_RATE_LIMITED', meaning: 'Too many existing binds' },
  '11': { code: 'NOTIFY_AUTH_FAILED', meaning: 'Account not enabled for HTTP' },
  '12': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Message too long' },
  '14': { code: 'NOTIFY_AUTH_FAILED', meaning: 'Invalid signature' },
  '15': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Invalid sender address' },
  '22': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Invalid network code' },
  '23': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Invalid callback URL' },
  '29': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Non-whitelisted destination' },
  '32': { code: 'NOTIFY_AUTH_FAILED', meaning: 'Signature and API secret disallowed' },
  '33': { code: 'NOTIFY_REQUEST_REJECTED', meaning: 'Number de-activated' },
}

/**
 * Every delivery-receipt `status` (Nexmo `sms.yml` `callbacks.delivery-receipt`, 7 values).
 * `null`: not a delivery event.
 */
export const VONAGE_DLR_STATUSES: Readonly<Record<string, DeliveryStatus | null>> = {
  // The downstream carrier took the message.
  accepted: 'sent',
  // Held for a later attempt (handset off, out of coverage).
  buffered: 'deferred',
  delivered: 'delivered',
  // Not delivered within the message's ttl.
  expired: 'failed',
  failed: 'failed',
  rejected: 'failed',
  // Vonage could not learn the outcome: nothing to record.
  unknown: null,
}

/**
 * DLR `err-code`s that say more than "failed". Vonage Opt-Out Assist: a number that opted out of
 * this sender gets `failed`/`rejected` with `err-code` 9.
 */
export const VONAGE_DLR_ERRORS: Readonly<Record<string, DeliveryStatus>> = {
  '9': 'opted_out',
}

/** The delivery status for one receipt, or `null` when it is not a delivery event. */
export function dlrStatus(status: string, errCode: string | null): DeliveryStatus | null {
  const mapped = VONAGE_DLR_STATUSES[status]
  if (mapped === undefined || mapped === null) return null
  if (mapped === 'failed' && errCode) return VONAGE_DLR_ERRORS[errCode] ?? mapped
  return mapped
}
