import { type Span, SpanKind } from '@opentelemetry/api'
import ky, { isNetworkError, isTimeoutError } from 'ky'
import pRetry, { AbortError } from 'p-retry'
import pThrottle from 'p-throttle'
import { isWismoError, WismoError } from '../errors.ts'
import { type Logger, noopLogger } from '../logger.ts'
import { TELEMETRY_ATTRIBUTES as A, safePath } from '../telemetry/attributes.ts'
import { errorCodeOf, noopTelemetry, type Telemetry } from '../telemetry/telemetry.ts'
import { codeForStatus, isRetryableStatus, parseRateLimitReset, parseRetryAfter } from './status-codes.ts'

export interface HttpClientOptions {
  /** Which error codes failures map to. */
  area: 'CARRIER' | 'NOTIFY'
  /** Adapter id, for messages and logs. */
  name: string
  baseUrl?: string
  headers?: Record<string, string>
  timeoutMs?: number
  /** Retries after the first attempt (default 3). */
  retries?: number
  minDelayMs?: number
  maxDelayMs?: number
  /** Longest `Retry-After` worth waiting for in-process; longer ones fail with `retryAfterMs` set. */
  maxRetryAfterMs?: number
  fetch?: typeof fetch
  log?: Logger
  /** Most requests started per second (retries included), e.g. the vendor's rate limit. */
  requestsPerSecond?: number
  /**
   * Asked before every attempt (retries included), e.g. a carrier's rate budget shared through the
   * store. What it throws ends the request without a retry: the gate has waited what it may.
   */
  budget?: RequestGate
  /**
   * One span per request, retries as its events: `wismo.carrier.call` (area `CARRIER`, which
   * also counts `wismo.carrier.failures`) or `wismo.provider.call` (area `NOTIFY`).
   */
  telemetry?: Telemetry
  /** Strings masked in what the client records (the URL path on spans), e.g. a key in the path. */
  secrets?: readonly string[]
}

/** A gate the client passes before each attempt: resolves to go on, throws to give up. */
export interface RequestGate {
  acquire(): Promise<void>
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  json?: unknown
  body?: BodyInit
  searchParams?: Record<string, string | number | boolean>
  headers?: Record<string, string>
}

export interface HttpResponse<T> {
  status: number
  headers: Headers
  data: T
}

/** The HTTP client injected into adapters. */
export interface HttpClient {
  request<T = unknown>(path: string, request?: HttpRequest): Promise<HttpResponse<T>>
}

/**
 * An HTTP client on ky + p-retry: exponential backoff with jitter, `Retry-After` honoured (or,
 * on a 429 without it, `X-RateLimit-Reset`),
 * 4xx other than 408/429 not retried, every failure a coded WismoError.
 * @example
 * const http = createHttpClient({ area: 'CARRIER', name: 'ups', baseUrl: 'https://onlinetools.ups.com' })
 * const { data } = await http.request('/api/track/v1/details/1Z...')
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const log = options.log ?? noopLogger
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000
  const api = ky.create({
    ...(options.baseUrl ? { prefix: options.baseUrl } : {}),
    headers: options.headers,
    timeout: options.timeoutMs ?? 15_000,
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })

  const attempt = async <T>(path: string, req: HttpRequest): Promise<HttpResponse<T>> => {
    const response = await api(path.replace(/^\//, ''), {
      method: req.method ?? 'GET',
      ...(req.json !== undefined ? { json: req.json } : {}),
      ...(req.body !== undefined ? { body: req.body } : {}),
      ...(req.searchParams ? { searchParams: req.searchParams } : {}),
      ...(req.headers ? { headers: req.headers } : {}),
    }).catch((e: unknown) => {
      throw transportError(options, e)
    })
    if (!response.ok) throw await statusError(options, response)
    return {
      status: response.status,
      headers: response.headers,
      data: (await readBody(options, response)) as T,
    }
  }

  const gate = options.budget
  const gated = gate
    ? async <T>(path: string, req: HttpRequest): Promise<HttpResponse<T>> => {
        await gate.acquire().catch((e: unknown) => {
          throw new AbortError(e instanceof Error ? e : String(e))
        })
        return attempt<T>(path, req)
      }
    : attempt

  // Spaced per call (strict), so a burst never exceeds the vendor's per-second limit.
  const rps = options.requestsPerSecond
  const once = rps ? pThrottle({ limit: 1, interval: Math.ceil(1000 / rps), strict: true })(gated) : gated

  const retried = <T>(path: string, req: HttpRequest, onRetry: (attempt: number, error: unknown) => void) =>
    pRetry(() => once<T>(path, req), {
      retries: options.retries ?? 3,
      minTimeout: options.minDelayMs ?? 300,
      maxTimeout: options.maxDelayMs ?? 10_000,
      randomize: true,
      shouldRetry: ({ error }) =>
        isWismoError(error) && error.retryable && (error.retryAfterMs ?? 0) <= maxRetryAfter,
      onFailedAttempt: async ({ error, attemptNumber, retryDelay, retriesLeft }) => {
        onRetry(attemptNumber, error)
        log.warn(
          { adapter: options.name, attempt: attemptNumber, code: (error as WismoError).code },
          'http attempt failed',
        )
        // Wait out `Retry-After` only when another attempt follows: the last failure is
        // reported at once, with `retryAfterMs` for the caller to schedule.
        const retrying = retriesLeft > 0 && isWismoError(error) && error.retryable
        const wait = ((error as WismoError).retryAfterMs ?? 0) - retryDelay
        if (retrying && wait > 0 && wait <= maxRetryAfter) await new Promise((r) => setTimeout(r, wait))
      },
    })

  return { request: (path, req = {}) => traced(options, path, req, (onRetry) => retried(path, req, onRetry)) }
}

const SPAN_NAMES = { CARRIER: 'wismo.carrier.call', NOTIFY: 'wismo.provider.call' } as const

/** Run one request (all its attempts) in a client span; a failed attempt is an event on it. */
function traced<T>(
  options: HttpClientOptions,
  path: string,
  req: HttpRequest,
  run: (onRetry: (attempt: number, error: unknown) => void) => Promise<HttpResponse<T>>,
): Promise<HttpResponse<T>> {
  const telemetry = options.telemetry ?? noopTelemetry
  const attributes = {
    [options.area === 'CARRIER' ? A.carrier : A.provider]: options.name,
    [A.method]: req.method ?? 'GET',
    [A.urlPath]: safePath(path, options.secrets),
  }
  const call = async (span: Span) => {
    let failed = 0
    const onRetry = (attempt: number, error: unknown) => {
      failed = attempt
      const status = statusOf(error)
      span.addEvent('wismo.http.attempt_failed', {
        [A.attempt]: attempt,
        [A.errorCode]: errorCodeOf(error),
        ...(status ? { [A.statusCode]: status } : {}),
      })
    }
    try {
      const response = await run(onRetry)
      span.setAttributes({ [A.statusCode]: response.status, [A.resendCount]: failed })
      return response
    } catch (error) {
      const status = statusOf(error)
      span.setAttributes({
        [A.resendCount]: Math.max(0, failed - 1),
        ...(status ? { [A.statusCode]: status } : {}),
      })
      if (options.area === 'CARRIER')
        telemetry.record.carrierFailure({ carrier: options.name, code: errorCodeOf(error) })
      throw error
    }
  }
  return telemetry.span(SPAN_NAMES[options.area], attributes, call, SpanKind.CLIENT)
}

/** The HTTP status a failed attempt was answered with, if it got an answer. */
const statusOf = (error: unknown): number | undefined =>
  isWismoError(error) ? (error.details as { status?: number } | undefined)?.status : undefined

async function readBody(options: HttpClientOptions, response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return null
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new WismoError(`${options.area}_RESPONSE_INVALID`, `${options.name} answered with malformed JSON`, {
      cause,
    })
  }
}

/** Most characters of an error answer's body kept in `details.body`. */
export const ERROR_BODY_LIMIT = 4_096

async function statusError(options: HttpClientOptions, response: Response): Promise<WismoError> {
  const retryAfterMs =
    parseRetryAfter(response.headers.get('retry-after')) ??
    (response.status === 429 ? parseRateLimitReset(response.headers.get('x-ratelimit-reset')) : undefined)
  const code = codeForStatus(options.area, response.status)
  const body = await errorBody(response)
  return new WismoError(code, `${options.name} answered HTTP ${response.status}`, {
    retryable: isRetryableStatus(response.status),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    details: { status: response.status, ...(body !== undefined ? { body } : {}) },
  })
}

/**
 * The vendor's explanation of an error answer, for adapters that map it (a refused address
 * field, "already exists") and for debugging: parsed JSON, else text cut to
 * {@link ERROR_BODY_LIMIT} characters; `undefined` when empty or unreadable.
 */
async function errorBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '')
  if (text === '') return undefined
  if ((response.headers.get('content-type') ?? '').includes('json') && text.length <= 65_536) {
    try {
      return JSON.parse(text)
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return text.length > ERROR_BODY_LIMIT ? `${text.slice(0, ERROR_BODY_LIMIT)}…` : text
}

function transportError(options: HttpClientOptions, e: unknown): WismoError {
  if (isWismoError(e)) return e
  if (isTimeoutError(e))
    return new WismoError(`${options.area}_TIMEOUT`, `${options.name} did not answer in time`, { cause: e })
  if (isNetworkError(e) || e instanceof TypeError)
    return new WismoError(`${options.area}_NETWORK_ERROR`, `${options.name} could not be reached`, {
      cause: e,
    })
  return new WismoError(`${options.area}_FAILED`, `${options.name} request failed`, { cause: e })
}
