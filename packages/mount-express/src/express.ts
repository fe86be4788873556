import type { IncomingMessage, ServerResponse } from 'node:http'
import { consoleLogger, type HandleOptions, type Logger, type WismoErrorCode } from '@wismo/core'
import { requestBodyStream } from '@wismo/mount-node'
import type { Request as ExpressRequest, Response as ExpressResponse, RequestHandler } from 'express'

/**
 * Anything with Wismo's webhook handler; a `createWismo()` instance fits.
 * @example const host: WebhookHost = createWismo({ carriers })
 */
export interface WebhookHost {
  webhooks: { handle(request: Request, options?: HandleOptions): Promise<Response> }
}

/**
 * Options of {@link expressWebhooks}.
 * @example const opts: ExpressWebhooksOptions = { carrier: 'easypost', logger: pino() }
 */
export interface ExpressWebhooksOptions {
  /** Serve one carrier at the mount path itself instead of `/<carrier>` below it. */
  carrier?: string
  /** Where mount problems (a body parser that ran first) are reported. Default: stderr, errors only. */
  logger?: Logger
}

type BodyLike = IncomingMessage & { rawBody?: unknown; body?: unknown; _body?: unknown }

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/
const MISCONFIGURED =
  'A body parser consumed the webhook body before Wismo and kept no raw bytes; signatures need the exact bytes, so the ' +
  'delivery was refused. Mount expressWebhooks() before express.json(), or use express.json({ verify: keepRawBody }).'

/**
 * Express middleware for Wismo webhooks: mount it with `app.use('/webhooks', expressWebhooks(wismo))`
 * and carriers post to `/webhooks/<carrier>`; other paths fall through to `next()`. The body is
 * streamed to the handler untouched. When a body parser ran first, the raw bytes it kept
 * (`req.rawBody` from {@link keepRawBody}, or a Buffer from `express.raw()`) are used; if only a
 * parsed object is left, the delivery is refused with 500 `CONFIG_INVALID` and logged, because
 * verifying re-encoded JSON would fail every signature silently. Scheme and host follow
 * Express's `trust proxy` setting.
 * @example
 * const app = express()
 * app.use('/webhooks', expressWebhooks(wismo)) // before express.json()
 * app.use(express.json())
 */
export function expressWebhooks(wismo: WebhookHost, options: ExpressWebhooksOptions = {}): RequestHandler {
  const log = options.logger ?? consoleLogger('error')
  return (req, res, next) => {
    const carrier = carrierOf(req, options.carrier)
    if (carrier === null) return next()
    respond(wismo, req, carrier, log)
      .then((response) => send(res, response))
      .catch(next)
  }
}

/**
 * A body-parser `verify` hook that keeps the exact bytes as `req.rawBody`, so
 * {@link expressWebhooks} can verify signatures after `express.json()` has run.
 * @example app.use(express.json({ verify: keepRawBody }))
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  ;(req as BodyLike).rawBody = buf
}

/** `params.carrier` when routed as `/:carrier`; else the one path segment below the mount. */
function carrierOf(req: ExpressRequest, fixed: string | undefined): string | null {
  const rest = req.path.split('/').filter(Boolean)
  if (fixed !== undefined) return rest.length === 0 ? fixed : null
  const param = (req.params as Record<string, unknown> | undefined)?.carrier
  if (typeof param === 'string' && param !== '') return param
  if (rest.length !== 1) return null
  try {
    return decodeURIComponent(rest[0] as string)
  } catch {
    return null
  }
}

async function respond(
  wismo: WebhookHost,
  req: ExpressRequest,
  carrier: string,
  log: Logger,
): Promise<Response> {
  const body = bodyOf(req as unknown as BodyLike)
  if (body === 'parsed') {
    log.error({ code: 'CONFIG_INVALID', path: req.originalUrl }, MISCONFIGURED)
    return answer(500, 'CONFIG_INVALID')
  }
  let request: Request
  try {
    request = webRequest(req, body)
  } catch {
    // Only methods fetch forbids (TRACE, TRACK) fail here.
    return answer(405, 'WEBHOOK_METHOD_NOT_ALLOWED')
  }
  try {
    return await wismo.webhooks.handle(request, { carrier })
  } catch (e) {
    log.error({ error: e }, 'wismo webhook handler rejected instead of answering')
    return answer(500, 'INTERNAL')
  }
}

/** Bytes a parser kept, the untouched stream, or `parsed` when only a parsed value is left. */
function bodyOf(req: BodyLike): Uint8Array | 'stream' | 'parsed' {
  if (req.rawBody instanceof Uint8Array) return req.rawBody
  if (req.body instanceof Uint8Array) return req.body
  const consumed = req.readableEnded || req.readableDidRead || req._body === true
  return consumed ? 'parsed' : 'stream'
}

function webRequest(req: ExpressRequest, body: Uint8Array | 'stream'): Request {
  const method = req.method.toUpperCase()
  const headers = headersOf(req.rawHeaders)
  const init: RequestInit & { duplex?: 'half' } = { method, headers }
  if (body instanceof Uint8Array) {
    // The parser may have inflated a compressed body: describe the bytes actually passed on.
    headers.set('content-length', String(body.byteLength))
    headers.delete('content-encoding')
    headers.delete('transfer-encoding')
  }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = body === 'stream' ? requestBodyStream(req) : (body as Uint8Array<ArrayBuffer>)
    init.duplex = 'half'
  }
  const host = HOST.test(req.host ?? '') ? req.host : 'localhost'
  return new Request(new URL(`${req.protocol}://${host}${req.originalUrl}`), init)
}

function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  return headers
}

/** Handler answers are small JSON documents, so they are written in one piece. */
async function send(res: ExpressResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer())
  if (res.headersSent) return
  res.status(response.status)
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  // Unread request bytes must not be taken for the next request on this connection.
  if (!res.req.complete) res.setHeader('connection', 'close')
  res.end(body)
}

function answer(status: number, code: WismoErrorCode): Response {
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (code === 'WEBHOOK_METHOD_NOT_ALLOWED') headers.set('allow', 'POST')
  return Response.json({ ok: false, error: code }, { status, headers })
}
