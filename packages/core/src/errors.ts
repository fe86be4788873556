/**
 * One error class for the whole SDK. Every failure a host can see carries an UPPER_SNAKE code,
 * whether retrying may help, and the underlying cause.
 */

/** Codes and their defaults: data, so adapters and docs read from one table. */
export const ERROR_CODES = {
  CONFIG_INVALID: { retryable: false, status: 500 },
  INPUT_INVALID: { retryable: false, status: 400 },
  INTERNAL: { retryable: false, status: 500 },
  CARRIER_UNKNOWN: { retryable: false, status: 404 },
  CARRIER_AMBIGUOUS: { retryable: false, status: 409 },
  CARRIER_UNSUPPORTED: { retryable: false, status: 501 },
  CARRIER_AUTH_FAILED: { retryable: false, status: 502 },
  CARRIER_NOT_FOUND: { retryable: false, status: 404 },
  CARRIER_REQUEST_REJECTED: { retryable: false, status: 502 },
  CARRIER_RATE_LIMITED: { retryable: true, status: 503 },
  CARRIER_UNAVAILABLE: { retryable: true, status: 503 },
  CARRIER_TIMEOUT: { retryable: true, status: 504 },
  CARRIER_NETWORK_ERROR: { retryable: true, status: 503 },
  CARRIER_RESPONSE_INVALID: { retryable: false, status: 502 },
  CARRIER_FAILED: { retryable: false, status: 502 },
  NOTIFY_AUTH_FAILED: { retryable: false, status: 502 },
  NOTIFY_REQUEST_REJECTED: { retryable: false, status: 502 },
  NOTIFY_RATE_LIMITED: { retryable: true, status: 503 },
  NOTIFY_UNAVAILABLE: { retryable: true, status: 503 },
  NOTIFY_TIMEOUT: { retryable: true, status: 504 },
  NOTIFY_NETWORK_ERROR: { retryable: true, status: 503 },
  NOTIFY_NOT_FOUND: { retryable: false, status: 502 },
  NOTIFY_RESPONSE_INVALID: { retryable: false, status: 502 },
  NOTIFY_FAILED: { retryable: false, status: 502 },
  /** The recipient unsubscribed from this channel (SMS STOP, the provider's opt-out list): `details.recipient`. */
  NOTIFY_OPTED_OUT: { retryable: false, status: 409 },
  STORE_CONFLICT: { retryable: true, status: 409 },
  STORE_DUPLICATE: { retryable: false, status: 409 },
  STORE_NOT_FOUND: { retryable: false, status: 404 },
  STORE_UNAVAILABLE: { retryable: true, status: 503 },
  STORE_CORRUPT: { retryable: false, status: 500 },
  STORE_SCHEMA_TOO_NEW: { retryable: false, status: 500 },
  STORE_ROW_INVALID: { retryable: false, status: 500 },
  STORE_LEASE_LOST: { retryable: false, status: 409 },
  STORE_FAILED: { retryable: false, status: 500 },
  SHIPMENT_NOT_FOUND: { retryable: false, status: 404 },
  SHIPMENT_ORDER_CONFLICT: { retryable: false, status: 409 },
  /** The carrier refused an address (`details.field`: `from` / `to` and the part, e.g. `to.postalCode`). */
  SHIPMENT_ADDRESS_INVALID: { retryable: false, status: 422 },
  /** No rate for the service asked (`details.service`, `details.available`). */
  SHIPMENT_SERVICE_UNKNOWN: { retryable: false, status: 422 },
  /** Another call is buying this order's label right now; retry shortly. */
  SHIPMENT_CREATE_IN_PROGRESS: { retryable: true, status: 409 },
  ORDER_NOT_FOUND: { retryable: false, status: 404 },
  /** Feedback cannot be given or changed now: `details.reason` is `not_delivered` or `edit_window_passed`. */
  FEEDBACK_CLOSED: { retryable: false, status: 409 },
  /** A tracking-page link that is malformed, tampered with or signed by another secret (`details.reason`). */
  TRACKING_LINK_INVALID: { retryable: false, status: 403 },
  /** A tracking-page link past its expiry (`details.expiredAt`); ask for a new one. */
  TRACKING_LINK_EXPIRED: { retryable: false, status: 410 },
  /** Too many order lookups; `retryAfterMs` says when to try again. */
  TRACKING_LOOKUP_LIMITED: { retryable: true, status: 429 },
  WEBHOOK_METHOD_NOT_ALLOWED: { retryable: false, status: 405 },
  WEBHOOK_ROUTE_UNKNOWN: { retryable: false, status: 404 },
  WEBHOOK_TOO_LARGE: { retryable: false, status: 413 },
  WEBHOOK_BODY_TIMEOUT: { retryable: false, status: 408 },
  WEBHOOK_ENCODING_UNSUPPORTED: { retryable: false, status: 415 },
  WEBHOOK_IN_FLIGHT: { retryable: true, status: 503 },
  WEBHOOK_INVALID_SIGNATURE: { retryable: false, status: 401 },
  WEBHOOK_STALE: { retryable: false, status: 401 },
  WEBHOOK_MALFORMED: { retryable: false, status: 400 },
  WEBHOOK_UNPROCESSABLE: { retryable: false, status: 422 },
} as const satisfies Record<string, { retryable: boolean; status: number }>

export type WismoErrorCode = keyof typeof ERROR_CODES

/** Options for {@link WismoError}. */
export interface WismoErrorOptions {
  cause?: unknown
  retryable?: boolean
  retryAfterMs?: number
  /** Structured, non-secret context (ids, field paths, candidates). */
  details?: Record<string, unknown>
}

const BRAND = Symbol.for('wismo.error')

/**
 * The SDK's error.
 * @example
 * throw new WismoError('CARRIER_UNKNOWN', 'No carrier registered with id "dhl"', { details: { carrier: 'dhl' } })
 */
export class WismoError extends Error {
  readonly code: WismoErrorCode
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(code: WismoErrorCode, message: string, options: WismoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WismoError'
    this.code = code
    this.retryable = options.retryable ?? ERROR_CODES[code]?.retryable ?? false
    this.retryAfterMs = options.retryAfterMs
    this.details = options.details
    Object.defineProperty(this, BRAND, { value: true })
  }

  /** HTTP status a handler should answer for this error. */
  get status(): number {
    return ERROR_CODES[this.code]?.status ?? 500
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable }
  }
}

/**
 * True when `e` is a WismoError, also one thrown by another copy of this package.
 * @example if (isWismoError(e, 'STORE_CONFLICT')) retry()
 */
export function isWismoError(e: unknown, code?: WismoErrorCode): e is WismoError {
  if (typeof e !== 'object' || e === null || (e as Record<symbol, unknown>)[BRAND] !== true) return false
  return code === undefined || (e as WismoError).code === code
}

/** Wrap anything thrown into a WismoError with `code`, keeping WismoErrors as they are. */
export function toWismoError(e: unknown, code: WismoErrorCode, message: string): WismoError {
  if (isWismoError(e)) return e
  const reason = e instanceof Error ? e.message : String(e)
  return new WismoError(code, `${message}: ${reason}`, { cause: e })
}
