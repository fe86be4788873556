import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import {
  type BytesRequest,
  consoleLogger,
  type HandleOptions,
  isWismoError,
  type Logger,
  redactingLogger,
  type WebhookAnswer,
  WismoError,
  type WismoErrorCode,
} from '@wismo/core'
import { type NodeBodyLimits, readNodeBody } from './read-body.ts'

/**
 * Anything with Wismo's webhook handler; a `createWismo()` instance fits.
 * @example const host: WebhookHost = createWismo({ carriers })
 */
export interface WebhookHost {
  webhooks: {
    /** With `bytes` and `limits` (a `createWismo()` instance has both), plain POST bodies skip the Web `Request`. */
    handle: ((request: Request, options?: HandleOptions) => Promise<Response>) & {
      bytes?: (raw: BytesRequest, options?: HandleOptions) => Promise<WebhookAnswer>
    }
    limits?: NodeBodyLimits
  }
}

/**
 * Options of {@link toWebRequest}.
 * @example const opts: ToWebRequestOptions = { trustProxy: true }
 */
export interface ToWebRequestOptions {
  /**
   * Take the scheme and host from `x-forwarded-proto` / `x-forwarded-host`. Set it only behind a
   * proxy you run, which overwrites those headers; otherwise any client can choose them.
   */
  trustProxy?: boolean
}

/** Methods the fetch standard refuses to put in a `Request`. */
const UNREPRESENTABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/**
 * A Web `Request` over a Node request. The body is streamed, not buffered: the handler pulls
 * chunks as it reads them, so its size and idle limits apply to the bytes on the wire, and the
 * bytes reach signature checks exactly as sent. Headers keep duplicates. A client that hangs up
 * mid-body makes the body stream fail (the handler answers 400); nothing throws out of band.
 * Throws `WEBHOOK_METHOD_NOT_ALLOWED` for CONNECT/TRACE/TRACK, which a `Request` cannot carry.
 * @example
 * http.createServer(async (req, res) => {
 *   const response = await wismo.webhooks.handle(toWebRequest(req), { carrier: 'easypost' })
 *   await sendWebResponse(res, response)
 * })
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions = {}): Request {
  const method = (req.method ?? 'GET').toUpperCase()
  if (UNREPRESENTABLE_METHODS.has(method))
    throw new WismoError('WEBHOOK_METHOD_NOT_ALLOWED', `${method} is not served`)
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headersOf(req.rawHeaders) }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = requestBodyStream(req)
    init.duplex = 'half'
  }
  return new Request(requestUrl(req, options.trustProxy === true), init)
}

function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string
    // HTTP/2 pseudo-headers (`:path`) are not header names a `Headers` accepts.
    if (!name.startsWith(':')) headers.append(name, raw[i + 1] as string)
  }
  return headers
}

/**
 * A Node request body as a Web stream of its exact bytes. Pull-based: the socket is paused until
 * the reader asks for the next chunk. On cancel (the
 * handler stopped at its size limit) the rest is discarded rather than the socket destroyed,
 * because the answer (413, 408) still has to go out on it.
 * @example new Request(url, { method: 'POST', headers, body: requestBodyStream(req), duplex: 'half' })
 */
export function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false
  const stop = () => {
    settled = true
    req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
  }
  let controller: ReadableStreamDefaultController<Uint8Array>
  const onData = (chunk: unknown) => {
    // Someone called req.setEncoding(): the bytes were decoded and cannot be recovered.
    if (!(chunk instanceof Uint8Array))
      return onError(
        new WismoError('CONFIG_INVALID', 'The request stream was set to text mode before Wismo read it'),
      )
    controller.enqueue(chunk)
    if ((controller.desiredSize ?? 0) <= 0) req.pause()
  }
  const onEnd = () => {
    stop()
    controller.close()
  }
  const onError = (e: unknown) => {
    stop()
    controller.error(e)
  }
  const onClose = () => {
    if (!settled) onError(new Error('The client closed the connection before the body ended'))
  }
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        req.pause()
        req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
      },
      pull() {
        req.resume()
      },
      cancel() {
        stop()
        req.resume()
      },
    },
    { highWaterMark: 0 },
  )
}

function requestUrl(req: IncomingMessage, trustProxy: boolean): string {
  const secure = (req.socket as Partial<TLSSocket> | null)?.encrypted === true
  const proto = (trustProxy && forwardedProto(req)) || (secure ? 'https' : 'http')
  const forwardedHost = trustProxy ? firstValue(req.headers['x-forwarded-host']) : undefined
  const hostHeader = forwardedHost ?? req.headers.host ?? firstValue(req.headers[':authority'])
  const host = hostHeader && HOST.test(hostHeader) ? hostHeader : 'localhost'
  return new URL(`${proto}://${host}${requestPath(req.url)}`).href
}

function forwardedProto(req: IncomingMessage): 'http' | 'https' | undefined {
  const value = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase()
  return value === 'http' || value === 'https' ? value : undefined
}

/** The first entry of a possibly repeated, possibly comma-joined header (the client-nearest hop). */
function firstValue(value: string | string[] | undefined): string | undefined {
  const first = (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim()
  return first ? first : undefined
}

/** Origin-form as is; absolute-form reduced to path + query; anything else is `/`. */
function requestPath(url: string | undefined): string {
  if (url?.startsWith('/')) return url
  try {
    const parsed = new URL(url ?? '')
    return `${parsed.pathname}${parsed.search}`
  } catch {
    return '/'
  }
}

/**
 * Write a Web `Response` to a Node response: status, headers (each `set-cookie` kept apart) and
 * the body, streamed with backpressure. When the request body was not read to the end (an early
 * 413, 404 or 408), the connection is closed after the answer so unread bytes cannot be taken
 * for the next request. Resolves once written; a client that has gone away is not an error.
 * @example
 * await sendWebResponse(res, new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }))
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  if (res.destroyed || res.headersSent) {
    await response.body?.cancel().catch(() => {})
    return
  }
  const headers = headerRecord(response.headers)
  if (res.req && !res.req.complete) headers.connection = 'close'
  res.writeHead(response.status, headers)
  if (!response.body || res.req?.method === 'HEAD') {
    await response.body?.cancel().catch(() => {})
    res.end()
    return
  }
  for await (const chunk of response.body) {
    if (res.destroyed) break
    if (!res.write(chunk)) await drained(res)
  }
  res.end()
}

function headerRecord(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of headers) if (name !== 'set-cookie') out[name] = value
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/**
 * Options of {@link nodeWebhookListener}.
 * @example const opts: NodeWebhookListenerOptions = { basePath: '/hooks', trustProxy: true }
 */
export interface NodeWebhookListenerOptions extends ToWebRequestOptions {
  /** Where webhooks arrive; `<basePath>/<carrier>` routes to that carrier. Default `/webhooks`. */
  basePath?: string
  /** One carrier served at `<basePath>` itself, instead of one route per carrier. */
  carrier?: string
  /** Where mount-level failures go (the handler logs through the Wismo logger). Default: stderr, errors only. */
  logger?: Logger
}

/**
 * A `node:http` request listener serving Wismo webhooks at `<basePath>/<carrier>`; any other
 * path is answered 404 `WEBHOOK_ROUTE_UNKNOWN`, or handed to `next` when one is given (Connect
 * style). It never throws and never leaves a promise rejected.
 * @example
 * import { createServer } from 'node:http'
 * createServer(nodeWebhookListener(wismo, { basePath: '/webhooks' })).listen(3000)
 * // carriers POST to http://host:3000/webhooks/<carrier id>
 */
export function nodeWebhookListener(
  wismo: WebhookHost,
  options: NodeWebhookListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse, next?: () => void) => void {
  const basePath = (options.basePath ?? '/webhooks').replace(/\/+$/, '')
  // Wismo's one redactor: a raw error may carry a secret or a customer's address.
  const log = redactingLogger(options.logger ?? consoleLogger('error'))
  return (req, res, next) => {
    const carrier = carrierOf(pathOf(req.url), basePath, options.carrier)
    if (carrier === null && next) return next()
    if (carrier !== null && direct(wismo, req)) {
      respondDirect(wismo, req, carrier, options)
        .then((a) => sendAnswer(res, a))
        .catch((e: unknown) => log.error({ error: e }, 'wismo webhook mount: could not write the answer'))
      return
    }
    const answered =
      carrier === null
        ? Promise.resolve(answer(404, 'WEBHOOK_ROUTE_UNKNOWN'))
        : respond(wismo, req, carrier, options, log)
    answered
      .then((response) => sendWebResponse(res, response))
      .catch((e: unknown) => log.error({ error: e }, 'wismo webhook mount: could not write the answer'))
  }
}

/**
 * Whether the Node fast path serves this request: the host takes bytes, and the body is a plain
 * POST body (no `Content-Encoding` to decode). Everything else takes the Web `Request` path.
 */
function direct(wismo: WebhookHost, req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase()
  return (
    typeof wismo.webhooks.handle.bytes === 'function' &&
    wismo.webhooks.limits !== undefined &&
    req.method === 'POST' &&
    (!encoding || encoding === 'identity')
  )
}

/** The fast path: the handler reads the body straight off the socket, no `Request` or streams. */
function respondDirect(
  wismo: WebhookHost,
  req: IncomingMessage,
  carrier: string,
  options: ToWebRequestOptions,
): Promise<WebhookAnswer> {
  const { handle, limits } = wismo.webhooks
  const bytes = handle.bytes as NonNullable<typeof handle.bytes>
  const raw: BytesRequest = {
    method: 'POST',
    url: requestUrl(req, options.trustProxy === true),
    headers: headersOf(req.rawHeaders),
    body: () => readNodeBody(req, limits as NodeBodyLimits),
  }
  return bytes(raw, { carrier })
}

/** Write the handler's answer; closes the connection when the body was not read to its end. */
function sendAnswer(res: ServerResponse, answer: WebhookAnswer): void {
  if (res.destroyed || res.headersSent) return
  const headers: Record<string, string> = { ...answer.headers }
  if (res.req && !res.req.complete) headers.connection = 'close'
  res.writeHead(answer.status, headers).end(answer.body)
}

async function respond(
  wismo: WebhookHost,
  req: IncomingMessage,
  carrier: string,
  options: ToWebRequestOptions,
  log: Logger,
): Promise<Response> {
  let request: Request
  try {
    request = toWebRequest(req, options)
  } catch (e) {
    return isWismoError(e) ? answer(e.status, e.code) : answer(400, 'WEBHOOK_MALFORMED')
  }
  try {
    return await wismo.webhooks.handle(request, { carrier })
  } catch (e) {
    // Wismo's handler answers every failure itself; a rejection means a custom host misbehaved.
    log.error({ error: e }, 'wismo webhook handler rejected instead of answering')
    return answer(500, 'INTERNAL')
  }
}

function pathOf(url: string | undefined): string {
  return requestPath(url).split('?')[0] as string
}

/** The carrier a path routes to, or null when it is not a webhook route. */
function carrierOf(path: string, basePath: string, fixed: string | undefined): string | null {
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return null
  const rest = path.slice(basePath.length).split('/').filter(Boolean)
  if (fixed !== undefined) return rest.length === 0 ? fixed : null
  if (rest.length !== 1) return null
  try {
    return decodeURIComponent(rest[0] as string)
  } catch {
    return null
  }
}

/** The handler's own answer shape, for the few answers the mount gives itself. */
function answer(status: number, code: WismoErrorCode): Response {
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (code === 'WEBHOOK_METHOD_NOT_ALLOWED') headers.set('allow', 'POST')
  return Response.json({ ok: false, error: code }, { status, headers })
}
