import type { WismoErrorCode } from '@wismo/core'

/** How one Resend error `name` maps; keyed on the name, since its HTTP status has changed over time. */
export interface ResendErrorRule {
  code: WismoErrorCode
  retryable?: boolean
  /** Retry no sooner than this, whatever `retry-after` said. */
  minRetryAfterMs?: number
  /** Said in the error message, in plain words. */
  hint?: string
}

const AUTH: ResendErrorRule = { code: 'NOTIFY_AUTH_FAILED' }
const REJECTED: ResendErrorRule = { code: 'NOTIFY_REQUEST_REJECTED' }
const DOWN: ResendErrorRule = { code: 'NOTIFY_UNAVAILABLE' }

/** Resend's documented error names (resend.com/docs/api-reference/errors) → Wismo codes. */
export const RESEND_ERRORS: Readonly<Record<string, ResendErrorRule>> = {
  missing_api_key: AUTH,
  restricted_api_key: { ...AUTH, hint: 'the API key may not send e-mail' },
  invalid_api_key: AUTH,
  validation_error: REJECTED,
  invalid_from_address: { ...REJECTED, hint: 'check `from`: it must be on a domain verified in Resend' },
  invalid_idempotency_key: REJECTED,
  invalid_idempotent_request: {
    ...REJECTED,
    hint: 'this idempotency key was already used within 24 hours for a different message; Resend refuses to reuse it',
  },
  concurrent_idempotent_requests: {
    code: 'NOTIFY_UNAVAILABLE',
    retryable: true,
    minRetryAfterMs: 1_000,
    hint: 'a request with this idempotency key is still in progress at Resend',
  },
  not_found: { code: 'NOTIFY_NOT_FOUND' },
  method_not_allowed: REJECTED,
  invalid_attachment: REJECTED,
  missing_required_field: REJECTED,
  invalid_scope: REJECTED,
  rate_limit_exceeded: { code: 'NOTIFY_RATE_LIMITED', retryable: true, minRetryAfterMs: 1_000 },
  daily_quota_exceeded: {
    code: 'NOTIFY_RATE_LIMITED',
    retryable: true,
    minRetryAfterMs: 3_600_000,
    hint: 'the daily sending quota is used up',
  },
  monthly_quota_exceeded: {
    code: 'NOTIFY_RATE_LIMITED',
    retryable: true,
    minRetryAfterMs: 86_400_000,
    hint: 'the monthly sending quota is used up',
  },
  security_error: REJECTED,
  application_error: DOWN,
  internal_server_error: DOWN,
}

/** Quota errors: retrying them within the same request only spends requests. */
export const QUOTA_ERRORS: ReadonlySet<string> = new Set(['daily_quota_exceeded', 'monthly_quota_exceeded'])
