import { defineNotifier, isWismoError, type ParsedOutgoingMessage, WismoError } from '@wismo/core'
import { type ResolvedSendgridOptions, SendgridNotifierOptionsSchema } from './options.ts'
import { sendgridEventVerifier } from './signature.ts'
import { parseSendgridEvents } from './webhook.ts'

/** Path of the v3 Mail Send endpoint. */
export const MAIL_SEND_PATH = '/v3/mail/send'
/** The custom arg carrying the message's idempotency key; every event of the message echoes it. */
export const IDEMPOTENCY_ARG = 'wismo_idempotency_key'

/**
 * Keys of SendGrid's own event fields: a custom arg of that name would be confused with them in
 * delivery events (custom args come back as top-level keys), so such tags are not sent.
 */
export const RESERVED_ARGS: ReadonlySet<string> = new Set([
  'email',
  'timestamp',
  'event',
  'sg_event_id',
  'sg_message_id',
  'smtp-id',
  'category',
  'reason',
  'response',
  'attempt',
  'status',
  'type',
  'ip',
  'tls',
  'url',
  'useragent',
  'send_at',
  'asm_group_id',
  'bounce_classification',
  'cert_err',
  'marketing_campaign_id',
  'marketing_campaign_name',
  IDEMPOTENCY_ARG,
])

/** Used when a 429 carries neither `Retry-After` nor `X-RateLimit-Reset`. */
const RATE_LIMIT_FALLBACK_MS = 10_000

/**
 * E-mail through SendGrid's v3 Mail Send API, with delivery events from the Signed Event Webhook.
 * SendGrid has no idempotency key: a send whose outcome is unknown (timeout, crash) may be
 * delivered twice if retried. The message's key travels as custom arg `wismo_idempotency_key`.
 * @example
 * const email = sendgridNotifier({ apiKey: 'SG.xxxxxxxx.yyyyyyyy', from: 'shop@example.com' })
 * const { providerMessageId } = await email.send({ idempotencyKey: 'n-1', channel: 'email', to: 'a@b.example', subject: 'Hi', text: 'Hello' })
 */
export const sendgridNotifier = defineNotifier({
  id: 'sendgrid',
  name: 'SendGrid',
  options: SendgridNotifierOptionsSchema,
  secrets: ['apiKey'],
  capabilities: { channels: ['email'], idempotencyKeys: false, deliveryEvents: true },
  requestsPerSecond: (o) => o.requestsPerSecond,
  http: (o) => ({
    baseUrl: o.baseUrl,
    retries: o.retries,
    timeoutMs: o.timeoutMs,
    headers: { authorization: `Bearer ${o.apiKey}` },
  }),
  setup: (options, { http, log }) => {
    const verify = sendgridEventVerifier({ toleranceSec: options.webhookToleranceSec })
    return {
      send: async (message) => {
        const json = mailSendBody(options, message, (tag) =>
          log.warn({ tag }, 'sendgrid: tag not sent, its name is a SendGrid event field'),
        )
        try {
          const response = await http.request<unknown>(MAIL_SEND_PATH, { method: 'POST', json })
          const id = response.headers.get('x-message-id')
          if (!id) log.warn({ status: response.status }, 'sendgrid accepted the message without X-Message-Id')
          return { providerMessageId: id || null }
        } catch (e) {
          throw explain(e)
        }
      },
      webhook: {
        verify: (request) => verify(request, options.webhookPublicKeys ?? []),
        parse: (body) => parseSendgridEvents(body, log),
      },
    }
  },
})

/** A configured SendGrid notifier. */
export type SendgridNotifier = ReturnType<typeof sendgridNotifier>

/**
 * The Mail Send request body for one message: one personalization, text/plain before text/html
 * (SendGrid's required order), the idempotency key and tags as `custom_args`.
 */
export function mailSendBody(
  options: Pick<ResolvedSendgridOptions, 'from' | 'replyTo' | 'sandbox'>,
  message: ParsedOutgoingMessage,
  onDroppedTag: (tag: string) => void = () => {},
): Record<string, unknown> {
  if (!message.subject)
    throw new WismoError('INPUT_INVALID', 'sendgrid: an e-mail needs a subject', {
      details: { field: 'subject' },
    })
  const content = [{ type: 'text/plain', value: message.text }]
  if (message.html) content.push({ type: 'text/html', value: message.html })
  const customArgs: Record<string, string> = {}
  for (const [key, value] of Object.entries(message.tags)) {
    if (RESERVED_ARGS.has(key)) onDroppedTag(key)
    else customArgs[key] = value
  }
  customArgs[IDEMPOTENCY_ARG] = message.idempotencyKey
  return {
    personalizations: [{ to: [{ email: message.to }] }],
    from: options.from,
    ...(options.replyTo ? { reply_to: options.replyTo } : {}),
    subject: message.subject,
    content,
    custom_args: customArgs,
    ...(options.sandbox ? { mail_settings: { sandbox_mode: { enable: true } } } : {}),
  }
}

/** SendGrid's own words (`errors[].message`) in the error message; a 429 always says when to retry. */
function explain(e: unknown): unknown {
  if (!isWismoError(e)) return e
  const words = vendorMessages(e.details?.body)
  const rateLimited = e.code === 'NOTIFY_RATE_LIMITED' && e.retryAfterMs === undefined
  if (!words && !rateLimited) return e
  return new WismoError(e.code, words ? `${e.message}: ${words}` : e.message, {
    retryable: e.retryable,
    retryAfterMs: rateLimited ? RATE_LIMIT_FALLBACK_MS : e.retryAfterMs,
    ...(e.details ? { details: e.details } : {}),
    cause: e,
  })
}

function vendorMessages(body: unknown): string | null {
  const errors = (body as { errors?: unknown } | null)?.errors
  if (!Array.isArray(errors)) return null
  const messages = errors
    .map((x) => (x as { message?: unknown; field?: unknown }) ?? {})
    .filter((x) => typeof x.message === 'string')
    .map((x) => (typeof x.field === 'string' ? `${x.field}: ${x.message}` : String(x.message)))
  return messages.length > 0 ? messages.slice(0, 5).join('; ').slice(0, 500) : null
}
