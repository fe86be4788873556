import { WismoError, type WismoErrorCode } from '@wismo/core'
import type { z } from 'zod'

/**
 * How much of an unreadable body is kept in the error, for debugging.
 * @example (error.details?.body as string).length <= BODY_SNIPPET_CHARS + 40
 */
export const BODY_SNIPPET_CHARS = 4096

/**
 * Request-level FedEx error codes (`errors[].code` in a 200 or a body FedEx sends with an
 * error status) → Wismo codes, first match wins. Anything else is a rejected request.
 */
const ERROR_RULES: readonly (readonly [RegExp, WismoErrorCode])[] = [
  [/NOT\.AUTHORIZED|UNAUTHORIZED|FORBIDDEN|INVALID\.TOKEN|TOKEN\.EXPIRED/i, 'CARRIER_AUTH_FAILED'],
  [/QUOTA|RATE\.?LIMIT|TOO\.MANY/i, 'CARRIER_RATE_LIMITED'],
  [/SERVICE\.UNAVAILABLE|INTERNAL\.SERVER|SYSTEM\.UNAVAILABLE/i, 'CARRIER_UNAVAILABLE'],
  [/NOTFOUND|NOT\.FOUND/i, 'CARRIER_NOT_FOUND'],
]

/**
 * The Wismo error for FedEx's request-level `errors` array (its first error decides).
 * @example requestError([{ code: 'NOT.AUTHORIZED.ERROR' }]).code // 'CARRIER_AUTH_FAILED'
 */
export function requestError(errors: readonly { code: string; message?: string | undefined }[]): WismoError {
  const first = errors[0]
  const code =
    ERROR_RULES.find(([pattern]) => pattern.test(first?.code ?? ''))?.[1] ?? 'CARRIER_REQUEST_REJECTED'
  return new WismoError(code, `FedEx refused the track request: ${first?.code ?? 'unknown error'}`, {
    details: { errors: errors.slice(0, 5).map((e) => ({ code: e.code, message: e.message })) },
  })
}

/**
 * `CARRIER_RESPONSE_INVALID` for a body the schema refuses, naming the first problems and
 * keeping the start of the body (FedEx's track answers hold no credentials).
 * @example throw invalidResponse(parsed.error, data) // details: { problems, body }
 */
export function invalidResponse(error: z.ZodError, body: unknown): WismoError {
  const problems = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
  return new WismoError(
    'CARRIER_RESPONSE_INVALID',
    `FedEx answered in an unexpected shape:\n- ${problems.join('\n- ')}`,
    {
      cause: error,
      details: { problems, body: snippet(body) },
    },
  )
}

function snippet(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))
  return text.length > BODY_SNIPPET_CHARS
    ? `${text.slice(0, BODY_SNIPPET_CHARS)}… (${text.length} chars)`
    : text
}
