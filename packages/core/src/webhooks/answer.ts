import { isWismoError, type WismoError, type WismoErrorCode } from '../errors.ts'
import type { Logger } from '../logger.ts'

/**
 * The handler's answer before it becomes a Web `Response`: a Node mount writes it to the socket
 * as it is (see `webhooks.handle.bytes`). The body is always a short JSON text.
 * @example const answer: WebhookAnswer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }
 */
export interface WebhookAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

const BASE_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const

/** A JSON answer: `body` as given, else `{ ok: false, error: code }`. */
export function reply(
  status: number,
  code: WismoErrorCode | null,
  headers: Record<string, string> = {},
  body?: object,
): WebhookAnswer {
  const payload = body ?? { ok: false, error: code }
  return { status, headers: { ...BASE_HEADERS, ...headers }, body: JSON.stringify(payload) }
}

/** Map a failure to a short JSON answer: the code only, never a secret or a stack. */
export function failure(log: Logger, e: unknown): WebhookAnswer {
  if (isWismoError(e) && e.code.startsWith('WEBHOOK_')) return reply(e.status, e.code, retryAfter(e))
  if (isWismoError(e) && e.retryable) {
    log.warn({ code: e.code }, 'webhook could not be stored; asking the sender to retry')
    return reply(503, e.code, retryAfter(e))
  }
  log.error({ error: e, code: isWismoError(e) ? e.code : 'INTERNAL' }, 'webhook handler failed')
  return reply(500, 'INTERNAL')
}

function retryAfter(e: WismoError): Record<string, string> {
  return e.retryAfterMs ? { 'Retry-After': String(Math.ceil(e.retryAfterMs / 1000)) } : {}
}

/**
 * The answer as a Web `Response`.
 * @example return toResponse(reply(200, null, {}, { ok: true }))
 */
export function toResponse(answer: WebhookAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers })
}
