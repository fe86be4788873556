import type { IncomingMessage } from 'node:http'
import type { HandleOptions, WismoErrorCode } from '@wismo/core'
import { requestBodyStream } from '@wismo/mount-node'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

/**
 * Anything with Wismo's webhook handler; a `createWismo()` instance fits.
 * @example const host: WebhookHost = createWismo({ carriers })
 */
export interface WebhookHost {
  webhooks: { handle(request: Request, options?: HandleOptions): Promise<Response> }
}

type BodyLike = IncomingMessage & { rawBody?: unknown; body?: unknown; _body?: unknown }

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/** `params.carrier` when routed as `/:carrier`; else the one path segment below the mount. */
export function carrierOf(req: ExpressRequest, fixed: string | undefined): string | null {
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

/** Bytes a parser kept, the untouched stream, or `parsed` when only a parsed value is left. */
export function bodyOf(req: ExpressRequest): Uint8Array | 'stream' | 'parsed' {
  const like = req as unknown as BodyLike
  if (like.rawBody instanceof Uint8Array) return like.rawBody
  if (like.body instanceof Uint8Array) return like.body
  const consumed = like.readableEnded || like.readableDidRead || like._body === true
  return consumed ? 'parsed' : 'stream'
}

/** The URL the handler sees: scheme and host as Express's `trust proxy` says. */
export function urlOf(req: ExpressRequest): URL {
  const host = HOST.test(req.host ?? '') ? req.host : 'localhost'
  return new URL(`${req.protocol}://${host}${req.originalUrl}`)
}

/** A Web `Request` carrying the exact bytes: kept by a parser, or streamed untouched. */
export function webRequest(req: ExpressRequest, body: Uint8Array | 'stream'): Request {
  const method = req.method.toUpperCase()
  const headers = headersOf(req.rawHeaders)
  const init: RequestInit & { duplex?: 'half' } = { method, headers }
  if (body instanceof Uint8Array) {
    // body-parser inflates Content-Encoding before keeping the bytes: describe what is passed on.
    headers.set('content-length', String(body.byteLength))
    headers.delete('content-encoding')
    headers.delete('transfer-encoding')
  }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = body === 'stream' ? requestBodyStream(req) : (body as Uint8Array<ArrayBuffer>)
    init.duplex = 'half'
  }
  return new Request(urlOf(req), init)
}

function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  return headers
}

/**
 * The handler's own answer for this route and method when the body is out of reach: it checks
 * route, then method, before it reads a body, so a bodiless GET shows whether the carrier is
 * unknown (404). `null` means the request is a POST to a known route and only the body is wrong.
 */
export async function routeAnswer(
  wismo: WebhookHost,
  req: ExpressRequest,
  carrier: string,
): Promise<Response | null> {
  const probe = await wismo.webhooks.handle(new Request(urlOf(req), { method: 'GET' }), { carrier })
  if (probe.status === 404) return probe
  await probe.body?.cancel()
  return req.method.toUpperCase() === 'POST' ? null : answer(405, 'WEBHOOK_METHOD_NOT_ALLOWED')
}

/** Handler answers are small JSON documents, so they are written in one piece. */
export async function send(res: ExpressResponse, response: Response): Promise<void> {
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

/** An answer in the handler's shape, for the few answers the mount gives itself. */
export function answer(status: number, code: WismoErrorCode): Response {
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (code === 'WEBHOOK_METHOD_NOT_ALLOWED') headers.set('allow', 'POST')
  return Response.json({ ok: false, error: code }, { status, headers })
}
