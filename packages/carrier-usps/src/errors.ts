import { codeForStatus, WismoError } from '@wismo/core'
import { OAuthErrorSchema, UspsErrorSchema } from './schema.ts'

/** Most characters of a vendor body kept in an error's `details` (for debugging; it holds no secrets). */
export const MAX_BODY_CHARS = 4096

/** The vendor body as text, cut to {@link MAX_BODY_CHARS}. */
export function bodyExcerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…[${text.length} chars]` : text
}

/** `CARRIER_RESPONSE_INVALID` for a body that is not a USPS tracking answer, with the body kept. */
export function invalidResponse(body: unknown, problems: readonly string[]): WismoError {
  return new WismoError('CARRIER_RESPONSE_INVALID', 'USPS answered in an unexpected shape', {
    details: { problems: problems.slice(0, 5), body: bodyExcerpt(body) },
  })
}

/**
 * An error USPS reported inside a successful HTTP answer, as a coded error: a numeric code is read
 * like an HTTP status (404 → `CARRIER_NOT_FOUND`, 401/403 → `CARRIER_AUTH_FAILED`, …), anything
 * else is `CARRIER_REQUEST_REJECTED`. `null` when the body is no error envelope.
 */
export function reportedError(body: unknown): WismoError | null {
  const oauth = OAuthErrorSchema.safeParse(body)
  if (oauth.success)
    return new WismoError('CARRIER_AUTH_FAILED', `USPS refused the request: ${oauth.data.error}`, {
      details: { error: oauth.data.error },
    })
  const parsed = UspsErrorSchema.safeParse(body)
  if (!parsed.success) return null
  const { code, message } = parsed.data.error
  const status = Number(code)
  const wismoCode =
    Number.isInteger(status) && status >= 400 && status < 600
      ? codeForStatus('CARRIER', status)
      : 'CARRIER_REQUEST_REJECTED'
  return new WismoError(wismoCode, `USPS answered with an error: ${String(message ?? code ?? 'unknown')}`, {
    details: { code: code ?? null, body: bodyExcerpt(body) },
  })
}
