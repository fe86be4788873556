import { type HttpClient, isWismoError, type ParsedOutgoingMessage, WismoError } from '@wismo/core'
import { z } from 'zod'
import { E164, type ResolvedTwilioSmsOptions } from './options.ts'

/** The part of Twilio's 201 Message resource that is read. */
const MessageSchema = z.object({
  sid: z.string().min(1).max(300),
  status: z.string().optional(),
  num_segments: z.string().nullish(),
})

/** Twilio's JSON error body (twilio-node `RestException`). */
const TwilioErrorSchema = z.object({ code: z.number(), message: z.string().optional() })

/** What {@link twilioSms}'s `send` resolves with. */
export interface TwilioSendResult {
  /** The Message `sid` (`SM…`), which status callbacks carry as `MessageSid`. */
  providerMessageId: string
  /** `num_segments` as Twilio answered it; `null` when not yet known (Messaging Service sends). */
  segments: number | null
}

/** Twilio does not document `Retry-After` on 429 / 20429; its own SDK backs off up to 3 s. */
export const RATE_LIMIT_RETRY_MS = 1000

/** Twilio error codes with a more precise meaning than their HTTP status. */
const OPTED_OUT = 21610

/** The form fields of one send (Twilio's PascalCase names). */
export function messageForm(o: ResolvedTwilioSmsOptions, m: ParsedOutgoingMessage): URLSearchParams {
  const form = new URLSearchParams({ To: m.to, Body: m.text })
  if (o.messagingServiceSid) form.set('MessagingServiceSid', o.messagingServiceSid)
  else if (o.from) form.set('From', o.from)
  if (o.statusCallback) form.set('StatusCallback', o.statusCallback)
  if (o.validityPeriodSec !== undefined) form.set('ValidityPeriod', String(o.validityPeriodSec))
  if (o.smartEncoded !== undefined) form.set('SmartEncoded', String(o.smartEncoded))
  return form
}

/** Hand one SMS to Twilio; Twilio's error codes turned into Wismo's. */
export async function sendSms(
  http: HttpClient,
  o: ResolvedTwilioSmsOptions,
  m: ParsedOutgoingMessage,
): Promise<TwilioSendResult> {
  if (!E164.test(m.to))
    throw new WismoError('NOTIFY_REQUEST_REJECTED', 'Twilio SMS needs an E.164 recipient (+14155550123)', {
      details: { reason: 'recipient_not_e164' },
    })
  const path = `/2010-04-01/Accounts/${o.accountSid}/Messages.json`
  const response = await http
    .request<unknown>(path, { method: 'POST', body: messageForm(o, m) })
    .catch((e: unknown) => {
      throw mapError(e, m.to)
    })
  const parsed = MessageSchema.safeParse(response.data)
  if (!parsed.success)
    throw new WismoError('NOTIFY_RESPONSE_INVALID', 'Twilio answered without a message sid', {
      details: { status: response.status },
    })
  const segments = Number(parsed.data.num_segments)
  return { providerMessageId: parsed.data.sid, segments: segments > 0 ? segments : null }
}

/** The core's HTTP error, made precise with Twilio's `code` from the error body. */
export function mapError(e: unknown, to: string): unknown {
  if (!isWismoError(e)) return e
  const body = TwilioErrorSchema.safeParse(e.details?.body)
  const twilioCode = body.success ? body.data.code : undefined
  const details = { ...e.details, ...(twilioCode !== undefined ? { twilioCode } : {}) }
  const says = body.success && body.data.message ? `: ${body.data.message}` : ''
  if (twilioCode === OPTED_OUT)
    return new WismoError('NOTIFY_OPTED_OUT', `the recipient replied STOP to this sender (Twilio 21610)`, {
      cause: e,
      details: { ...details, recipient: to },
    })
  if (e.code === 'NOTIFY_RATE_LIMITED' || twilioCode === 20429)
    return new WismoError('NOTIFY_RATE_LIMITED', `Twilio is rate limiting this account${says}`, {
      cause: e,
      retryAfterMs: e.retryAfterMs ?? RATE_LIMIT_RETRY_MS,
      details,
    })
  if (twilioCode === 20003 && e.code !== 'NOTIFY_AUTH_FAILED')
    return new WismoError('NOTIFY_AUTH_FAILED', `Twilio refused the credentials${says}`, {
      cause: e,
      details,
    })
  if (twilioCode === undefined) return e
  return new WismoError(e.code, `${e.message} (Twilio ${twilioCode}${says})`, {
    cause: e,
    retryable: e.retryable,
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    details,
  })
}
