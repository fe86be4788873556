import {
  defineNotifier,
  isWismoError,
  type Logger,
  type ParsedOutgoingMessage,
  WismoError,
} from '@wismo/core'
import { QUOTA_ERRORS, RESEND_ERRORS } from './errors.ts'
import { ResendNotifierOptionsSchema, type ResolvedResendOptions } from './options.ts'
import { ResendErrorSchema, ResendSendResponseSchema } from './schema.ts'
import { parseResendEvent, resendWebhookVerifier } from './webhook.ts'

/** Path of the send endpoint. */
export const EMAILS_PATH = '/emails'
/** What Resend allows in a tag's name and value. */
const TAG = /^[A-Za-z0-9_-]{1,256}$/

/**
 * E-mail through Resend's `POST /emails`, with the message's key as `Idempotency-Key` (Resend
 * answers a repeat within 24 hours with the first send's id and sends nothing), and delivery
 * events from Resend's Svix-signed webhooks.
 * @example
 * const email = resendNotifier({ apiKey: 're_123456789', from: 'Shop <orders@shop.example>' })
 * const { providerMessageId } = await email.send({ idempotencyKey: 'n-1', channel: 'email', to: 'a@b.example', subject: 'Hi', text: 'Hello', tags: {} })
 */
export const resendNotifier = defineNotifier({
  id: 'resend',
  name: 'Resend',
  options: ResendNotifierOptionsSchema,
  secrets: ['apiKey', 'webhookSecrets'],
  capabilities: { channels: ['email'], idempotencyKeys: true, deliveryEvents: true },
  requestsPerSecond: (o) => o.requestsPerSecond,
  http: (o) => ({
    baseUrl: o.baseUrl,
    retries: o.retries,
    timeoutMs: o.timeoutMs,
    headers: { authorization: `Bearer ${o.apiKey}` },
    fetch: withQuotaRetryAfter,
  }),
  setup: (options, { http, log }) => {
    const verify = resendWebhookVerifier({ toleranceSec: options.webhookToleranceSec })
    return {
      send: async (message) => {
        const json = emailBody(options, message, log)
        const headers = { 'idempotency-key': message.idempotencyKey }
        const response = await http
          .request<unknown>(EMAILS_PATH, { method: 'POST', json, headers })
          .catch((e: unknown) => {
            throw explain(e)
          })
        const answer = ResendSendResponseSchema.safeParse(response.data)
        if (answer.success) return { providerMessageId: answer.data.id }
        // Accepted but unreadable: report no id rather than fail, or the outbox would send again.
        log.warn({ status: response.status }, 'resend accepted the message without an id')
        return { providerMessageId: null }
      },
      webhook: {
        verify: (request) => verify(request, options.webhookSecrets ?? []),
        parse: (body, request) => parseResendEvent(body, request.headers),
      },
    }
  },
})

/** A configured Resend notifier. */
export type ResendNotifier = ReturnType<typeof resendNotifier>

/**
 * The `POST /emails` body for one message. Tags Resend would refuse (characters other than
 * ASCII letters, digits, `_` and `-`) are left out with a warning rather than fail the message.
 */
export function emailBody(
  options: Pick<ResolvedResendOptions, 'from' | 'replyTo'>,
  message: ParsedOutgoingMessage,
  log?: Logger,
): Record<string, unknown> {
  if (!message.subject)
    throw new WismoError('INPUT_INVALID', 'resend: an e-mail needs a subject', {
      details: { field: 'subject' },
    })
  const tags = Object.entries(message.tags).filter(([name, value]) => {
    const ok = TAG.test(name) && TAG.test(value)
    if (!ok) log?.warn({ tag: name }, 'resend: tag not sent, Resend allows only A-Z a-z 0-9 _ -')
    return ok
  })
  return {
    from: options.from,
    to: [message.to],
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    ...(options.replyTo ? { reply_to: options.replyTo } : {}),
    ...(tags.length > 0 ? { tags: tags.map(([name, value]) => ({ name, value })) } : {}),
  }
}

/** Map by Resend's error `name` (its HTTP status has changed between revisions of the docs). */
export function explain(e: unknown): unknown {
  if (!isWismoError(e)) return e
  const body = ResendErrorSchema.safeParse(e.details?.body)
  if (!body.success) return e
  const { name, message } = body.data
  const status = e.details?.status
  const rule = status === 401 ? { code: 'NOTIFY_AUTH_FAILED' as const } : RESEND_ERRORS[name]
  const code = rule?.code ?? e.code
  const retryAfterMs = Math.max(e.retryAfterMs ?? 0, rule?.minRetryAfterMs ?? 0) || undefined
  const words = [message, rule && 'hint' in rule ? rule.hint : undefined].filter(Boolean).join(' — ')
  return new WismoError(code, `${e.message} (${name})${words ? `: ${words}` : ''}`, {
    retryable: rule && 'retryable' in rule ? rule.retryable : code === e.code ? e.retryable : undefined,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    details: { ...e.details, name },
    cause: e,
  })
}

/**
 * A quota error (429 `daily_quota_exceeded` / `monthly_quota_exceeded`) gets a long `Retry-After`,
 * so the HTTP client reports it at once instead of retrying it within the request.
 */
export async function withQuotaRetryAfter(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await globalThis.fetch(input, init)
  if (response.status !== 429) return response
  const name = await response
    .clone()
    .json()
    .then((b: unknown) => (b as { name?: unknown } | null)?.name)
    .catch(() => undefined)
  if (typeof name !== 'string' || !QUOTA_ERRORS.has(name)) return response
  const minMs = RESEND_ERRORS[name]?.minRetryAfterMs ?? 3_600_000
  const headers = new Headers(response.headers)
  headers.set('retry-after', String(Math.ceil(minMs / 1000)))
  return new Response(response.body, { status: 429, statusText: response.statusText, headers })
}
