import type { WismoErrorCode } from '@wismo/core'

/**
 * body-parser's errors (by their `type`) and the handler's answer for the same fault. Data, so
 * the table and the docs cannot drift. Errors not listed (a `verify` hook that throws, errors of
 * other middleware) are left to the host's error handling.
 */
export const PARSER_ERRORS = {
  'entity.too.large': { status: 413, code: 'WEBHOOK_TOO_LARGE' },
  'encoding.unsupported': { status: 415, code: 'WEBHOOK_ENCODING_UNSUPPORTED' },
  'charset.unsupported': { status: 400, code: 'WEBHOOK_MALFORMED' },
  'entity.parse.failed': { status: 400, code: 'WEBHOOK_MALFORMED' },
  'request.aborted': { status: 400, code: 'WEBHOOK_MALFORMED' },
  'request.size.invalid': { status: 400, code: 'WEBHOOK_MALFORMED' },
  'parameters.too.many': { status: 400, code: 'WEBHOOK_MALFORMED' },
} as const satisfies Record<string, { status: number; code: WismoErrorCode }>

/** The handler's answer for a body-parser error, or `null` when `err` is not one. */
export function parserErrorCode(err: unknown): { status: number; code: WismoErrorCode } | null {
  const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined
  if (typeof type !== 'string' || !Object.hasOwn(PARSER_ERRORS, type)) return null
  return PARSER_ERRORS[type as keyof typeof PARSER_ERRORS]
}
