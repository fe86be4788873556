import { createHash } from 'node:crypto'
import { type HttpClient, type Logger, type ParsedOutgoingMessage, WismoError } from '@wismo/core'
import { z } from 'zod'
import { isGsm7 } from './gsm7.ts'
import type { ResolvedVonageSmsOptions } from './options.ts'
import { VONAGE_SEND_STATUSES } from './status-map.ts'

/** `+` then 1–15 digits, the first not 0 (ITU E.164). */
export const E164 = /^\+[1-9]\d{1,14}$/

/** Vonage answers `status` "1" without saying how long to wait; its limit is per second. */
export const THROTTLED_RETRY_MS = 1000

const PartSchema = z.object({
  status: z.string(),
  'message-id': z.string().min(1).max(300).optional(),
  'error-text': z.string().optional(),
  to: z.string().optional(),
})
const AnswerSchema = z.object({ messages: z.array(PartSchema).min(1) })
type Part = z.infer<typeof PartSchema>

/** What {@link vonageSms}'s `send` resolves with. */
export interface VonageSendResult {
  /** The first part's `message-id`: a single-part SMS's only id. */
  providerMessageId: string
  /** Parts (segments) Vonage split the message into: one `messages[]` entry each. */
  segments: number
  /** Every accepted part's `message-id`, in order; receipts arrive per part. */
  messageIds: string[]
}

/** Vonage's `client-ref` (≤ 40 characters, echoed in receipts): the key, or its digest if longer. */
export function clientRef(idempotencyKey: string): string {
  if (idempotencyKey.length <= 40) return idempotencyKey
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)
}

/** The form fields of one send (Vonage's kebab-case names; numbers without `+`). */
export function messageForm(o: ResolvedVonageSmsOptions, m: ParsedOutgoingMessage): URLSearchParams {
  const unicode = o.encoding === 'unicode' || (o.encoding === 'auto' && !isGsm7(m.text))
  const form = new URLSearchParams({
    api_key: o.apiKey,
    api_secret: o.apiSecret,
    from: o.from.replace(/^\+/, ''),
    to: m.to.slice(1),
    text: m.text,
    type: unicode ? 'unicode' : 'text',
    'client-ref': clientRef(m.idempotencyKey),
  })
  if (o.callback) form.set('callback', o.callback)
  if (o.ttlMs !== undefined) form.set('ttl', String(o.ttlMs))
  return form
}

/** Hand one SMS to Vonage's SMS API; a refusal in `messages[].status` becomes a coded error. */
export async function sendSms(
  http: HttpClient,
  log: Logger,
  o: ResolvedVonageSmsOptions,
  m: ParsedOutgoingMessage,
): Promise<VonageSendResult> {
  if (!E164.test(m.to))
    throw new WismoError('NOTIFY_REQUEST_REJECTED', 'Vonage SMS needs an E.164 recipient (+14155550123)', {
      details: { reason: 'recipient_not_e164' },
    })
  const response = await http.request<unknown>('/sms/json', { method: 'POST', body: messageForm(o, m) })
  const parsed = AnswerSchema.safeParse(response.data)
  if (!parsed.success)
    throw new WismoError('NOTIFY_RESPONSE_INVALID', 'Vonage answered without messages[]', {
      details: { status: response.status },
    })
  const parts = parsed.data.messages
  const accepted = parts.filter((p) => p.status === '0' && p['message-id'])
  const first = accepted[0]
  if (!first) throw refusal(parts[0] as Part, m.to)
  // Some parts went out: the recipient has part of the text; sending again would repeat it.
  if (accepted.length < parts.length)
    log.warn(
      { notifier: 'vonage-sms', statuses: parts.map((p) => p.status) },
      'Vonage accepted only some parts of the SMS',
    )
  const messageIds = accepted.map((p) => p['message-id'] as string)
  return { providerMessageId: messageIds[0] as string, segments: parts.length, messageIds }
}

function refusal(part: Part, to: string): WismoError {
  const known = VONAGE_SEND_STATUSES[part.status]
  const code = known?.code ?? 'NOTIFY_REQUEST_REJECTED'
  const text = part['error-text'] ?? known?.meaning ?? 'unknown status'
  const details = {
    vonageStatus: part.status,
    errorText: text,
    ...(code === 'NOTIFY_OPTED_OUT' ? { recipient: to } : {}),
  }
  return new WismoError(code, `Vonage refused the SMS: status ${part.status} (${text})`, {
    details,
    ...(code === 'NOTIFY_RATE_LIMITED' ? { retryAfterMs: THROTTLED_RETRY_MS } : {}),
  })
}
