import {
  type DeliveryEvent,
  type Logger,
  type NotifierWebhook,
  type RawWebhookRequest,
  WismoError,
} from '@wismo/core'
import { z } from 'zod'
import { formParams, isValidTwilioSignature } from './signature.ts'
import { deliveryStatus, TWILIO_STATUSES } from './status-map.ts'

/** The status-callback parameters read (Twilio sends more, and adds some without notice). */
const StatusCallbackSchema = z.object({
  MessageSid: z.string().min(1).max(300),
  MessageStatus: z.string().min(1).max(50),
  ErrorCode: z.string().max(20).optional(),
  To: z.string().max(2000).optional(),
})

export interface TwilioWebhookOptions {
  /** The account's auth token: Twilio signs callbacks with it (also for API-key senders). */
  authToken: string | undefined
  /** The URL Twilio called, when the request reaches you under another (proxy, tunnel). */
  publicUrl: string | undefined
  log: Logger
}

const invalid = (message: string) => new WismoError('WEBHOOK_INVALID_SIGNATURE', message)

/** The callback's parameters: the form body, or already-decoded fields a host passed. */
function paramsOf(body: unknown, request: RawWebhookRequest): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>
  const params = formParams(new TextDecoder().decode(request.body))
  // A repeated name: the last value, as most form parsers keep it.
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : v.at(-1)]))
}

/** Twilio status callbacks: `X-Twilio-Signature` checked, `MessageStatus` mapped. */
export function twilioWebhook(options: TwilioWebhookOptions): NotifierWebhook {
  return {
    verify: async (request) => {
      const { authToken } = options
      if (!authToken)
        throw new WismoError('CONFIG_INVALID', 'verifying Twilio callbacks needs the account authToken')
      const signature = request.headers.get('x-twilio-signature')
      if (!signature) throw invalid('X-Twilio-Signature header missing')
      const url = options.publicUrl ?? request.url
      if (!isValidTwilioSignature({ authToken, signature, url, body: request.body }))
        throw invalid(
          `X-Twilio-Signature does not match (signed URL checked: ${new URL(url).origin}${new URL(url).pathname})`,
        )
      const params = formParams(new TextDecoder().decode(request.body))
      const sid = params.MessageSid
      const status = params.MessageStatus
      return {
        secretIndex: 0,
        ...(typeof sid === 'string' && typeof status === 'string' ? { messageId: `${sid}:${status}` } : {}),
      }
    },
    parse: (body, request) => {
      const parsed = StatusCallbackSchema.safeParse(paramsOf(body, request))
      if (!parsed.success)
        throw new WismoError('WEBHOOK_UNPROCESSABLE', 'not a Twilio message status callback', {
          details: { problems: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')) },
        })
      return toEvents(parsed.data, options.log)
    },
  }
}

function toEvents(cb: z.infer<typeof StatusCallbackSchema>, log: Logger): DeliveryEvent[] {
  const errorCode = cb.ErrorCode && cb.ErrorCode !== '0' ? cb.ErrorCode : null
  if (!(cb.MessageStatus in TWILIO_STATUSES))
    log.warn(
      { notifier: 'twilio-sms', messageStatus: cb.MessageStatus },
      'unknown Twilio MessageStatus ignored',
    )
  const status = deliveryStatus(cb.MessageStatus, errorCode)
  if (status === null) return []
  return [
    {
      providerMessageId: cb.MessageSid,
      status,
      // Status callbacks carry no event time: the moment it arrived is the best there is.
      occurredAt: new Date().toISOString(),
      recipient: cb.To ?? null,
      reason: errorCode ? `${cb.MessageStatus} (ErrorCode ${errorCode})` : cb.MessageStatus,
      providerEventId: `${cb.MessageSid}:${cb.MessageStatus}`,
    },
  ]
}
