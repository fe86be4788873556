import {
  type DeliveryEvent,
  type Logger,
  type NotifierWebhook,
  type RawWebhookRequest,
  WismoError,
} from '@wismo/core'
import { z } from 'zod'
import type { SignatureMethod } from './options.ts'
import { isValidVonageSignature } from './signature.ts'
import { dlrStatus, VONAGE_DLR_STATUSES } from './status-map.ts'

export interface VonageWebhookOptions {
  signatureSecret: string | undefined
  signatureMethod: SignatureMethod
  toleranceSec: number
  log: Logger
}

/** The receipt fields read (Nexmo `sms.yml` `callbacks.delivery-receipt`). */
const ReceiptSchema = z.object({
  messageId: z.string().min(1).max(300),
  status: z.string().min(1).max(50),
  msisdn: z.string().max(50).optional(),
  'err-code': z.string().max(20).optional(),
  'message-timestamp': z.string().max(50).optional(),
})

const asStrings = (o: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object')
      .map(([k, v]) => [k, String(v)]),
  )

/**
 * A receipt's parameters however Vonage sent it (the dashboard picks GET query, POST form or
 * POST JSON): the body's fields, or the URL's query when there is no body. Never both: a query
 * string of your own on the callback URL is not signed and would break the check.
 */
export function receiptParams(request: RawWebhookRequest, parsedBody?: unknown): Record<string, string> {
  const query = Object.fromEntries(new URL(request.url).searchParams)
  const text = new TextDecoder().decode(request.body).trim()
  let body: Record<string, string> = {}
  if (typeof parsedBody === 'object' && parsedBody !== null && !Array.isArray(parsedBody))
    body = asStrings(parsedBody as Record<string, unknown>)
  else if (text.startsWith('{')) {
    const json: unknown = JSON.parse(text)
    if (typeof json === 'object' && json !== null && !Array.isArray(json))
      body = asStrings(json as Record<string, unknown>)
  } else if (text !== '') body = Object.fromEntries(new URLSearchParams(text))
  return Object.keys(body).length > 0 ? body : query
}

const invalid = (message: string) => new WismoError('WEBHOOK_INVALID_SIGNATURE', message)

/** `message-timestamp` (`2013-11-21 15:27:30`, UTC) as an instant; `null` when unreadable. */
function instantOf(value: string | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return null
  const date = new Date(`${value.replace(' ', 'T')}Z`)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** Vonage SMS API delivery receipts: `sig` checked, `status` / `err-code` mapped. */
export function vonageWebhook(options: VonageWebhookOptions): NotifierWebhook {
  return {
    verify: async (request) => {
      const secret = options.signatureSecret
      if (!secret) throw new WismoError('CONFIG_INVALID', 'verifying Vonage receipts needs signatureSecret')
      let params: Record<string, string>
      try {
        params = receiptParams(request)
      } catch {
        throw invalid('Vonage receipt body is unreadable')
      }
      if (!params.sig) throw invalid('Vonage receipt has no sig: enable signed webhooks for the API key')
      if (!isValidVonageSignature(params, secret, options.signatureMethod))
        throw invalid(`Vonage receipt sig does not match (method ${options.signatureMethod})`)
      const timestamp = Number(params.timestamp)
      if (!Number.isInteger(timestamp)) throw invalid('Vonage receipt has no signed timestamp')
      if (Math.abs(Date.now() / 1000 - timestamp) > options.toleranceSec)
        throw new WismoError('WEBHOOK_STALE', 'Vonage receipt timestamp is outside the tolerance', {
          details: { timestamp, toleranceSec: options.toleranceSec },
        })
      return {
        secretIndex: 0,
        timestamp,
        ...(params.messageId && params.status
          ? { messageId: `${params.messageId}:${params.status}:${params['err-code'] ?? ''}` }
          : {}),
      }
    },
    parse: (body, request) => {
      const parsed = ReceiptSchema.safeParse(receiptParams(request, body))
      if (!parsed.success)
        throw new WismoError('WEBHOOK_UNPROCESSABLE', 'not a Vonage SMS delivery receipt', {
          details: { problems: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')) },
        })
      return toEvents(parsed.data, options.log)
    },
  }
}

function toEvents(r: z.infer<typeof ReceiptSchema>, log: Logger): DeliveryEvent[] {
  const errCode = r['err-code'] && r['err-code'] !== '0' ? r['err-code'] : null
  if (!(r.status in VONAGE_DLR_STATUSES))
    log.warn({ notifier: 'vonage-sms', status: r.status }, 'unknown Vonage receipt status ignored')
  const status = dlrStatus(r.status, errCode)
  if (status === null) return []
  return [
    {
      providerMessageId: r.messageId,
      status,
      occurredAt: instantOf(r['message-timestamp']) ?? new Date().toISOString(),
      recipient: r.msisdn ? `+${r.msisdn.replace(/^\+/, '')}` : null,
      reason: errCode ? `${r.status} (err-code ${errCode})` : r.status,
      providerEventId: `${r.messageId}:${r.status}:${r['err-code'] ?? ''}`,
    },
  ]
}
