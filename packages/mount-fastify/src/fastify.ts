import type { HandleOptions, WismoErrorCode } from '@wismo/core'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type BodyTimeouts, bodyDeadline, hasBody } from './body-deadline.ts'

/**
 * Anything with Wismo's webhook handler; a `createWismo()` instance fits.
 * @example const host: WebhookHost = createWismo({ carriers })
 */
export interface WebhookHost {
  webhooks: {
    handle(request: Request, options?: HandleOptions): Promise<Response>
    /** The handler's body timeouts; the plugin applies them while Fastify reads the body. */
    limits?: { bodyIdleTimeoutMs?: number; bodyTimeoutMs?: number }
  }
}

/** The handler's own defaults, for a host that does not tell its limits. */
const DEFAULT_TIMEOUTS: BodyTimeouts = { idleMs: 10_000, totalMs: 30_000 }

/**
 * Options of {@link fastifyWebhooks}, given to `register` along with `prefix`.
 * @example app.register(fastifyWebhooks, { wismo, prefix: '/webhooks', bodyLimit: 1_048_576 })
 */
export interface FastifyWebhooksOptions {
  wismo: WebhookHost
  /** Serve one carrier at the prefix itself instead of `/<carrier>` below it. */
  carrier?: string
  /**
   * Most bytes Fastify buffers for these routes (default: the server's `bodyLimit`, 1 MiB unless
   * changed). Keep it at or above Wismo's `webhooks.maxBodyBytes`: the smaller of the two applies,
   * and both answer 413 `WEBHOOK_TOO_LARGE`.
   */
  bodyLimit?: number
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/**
 * Fastify plugin serving Wismo webhooks at `<prefix>/<carrier>`. Inside its own encapsulation
 * context it replaces every content-type parser with one that keeps the body as a Buffer, so the
 * handler verifies the exact bytes (and decodes `Content-Encoding` as on every mount); the host's
 * JSON parsing on other routes is untouched. While Fastify reads, the handler's idle and total
 * body timeouts apply (408). Errors of these routes (Fastify's own 413, unknown paths below the
 * prefix) get Wismo's JSON answers. Scheme and host follow Fastify's `trustProxy`.
 * @example
 * const app = Fastify()
 * await app.register(fastifyWebhooks, { wismo, prefix: '/webhooks' })
 * // carriers POST to /webhooks/<carrier id>
 */
export async function fastifyWebhooks(app: FastifyInstance, options: FastifyWebhooksOptions): Promise<void> {
  const timeouts = timeoutsOf(options.wismo)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  app.addHook('preParsing', async (request, _reply, payload) =>
    hasBody(request.headers) ? bodyDeadline(payload, timeouts) : payload,
  )
  app.setErrorHandler(mapError)
  app.setNotFoundHandler((_req, reply) => answer(reply, 404, 'WEBHOOK_ROUTE_UNKNOWN'))
  const route = options.carrier === undefined ? '/:carrier' : '/'
  const routeOptions = options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }
  app.all(route, routeOptions, async (request, reply) => {
    const carrier = options.carrier ?? (request.params as { carrier: string }).carrier
    let web: Request
    try {
      web = webRequest(request)
    } catch {
      // Only methods fetch forbids (TRACE, TRACK) fail here.
      return answer(reply, 405, 'WEBHOOK_METHOD_NOT_ALLOWED')
    }
    return send(reply, await options.wismo.webhooks.handle(web, { carrier }))
  })
}

function timeoutsOf(wismo: WebhookHost): BodyTimeouts {
  const limits = wismo.webhooks.limits
  return {
    idleMs: limits?.bodyIdleTimeoutMs ?? DEFAULT_TIMEOUTS.idleMs,
    totalMs: limits?.bodyTimeoutMs ?? DEFAULT_TIMEOUTS.totalMs,
  }
}

function webRequest(request: FastifyRequest): Request {
  const method = request.method.toUpperCase()
  const headers = new Headers()
  const raw = request.raw.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  const init: RequestInit = { method, headers }
  if (request.body instanceof Uint8Array && method !== 'GET' && method !== 'HEAD') {
    // Fastify read the body whole; describe the bytes actually passed on.
    headers.set('content-length', String(request.body.byteLength))
    headers.delete('transfer-encoding')
    init.body = request.body as Uint8Array<ArrayBuffer>
  }
  const host = HOST.test(request.host) ? request.host : 'localhost'
  return new Request(new URL(`${request.protocol}://${host}${request.url}`), init)
}

/** Handler answers are small JSON documents. */
async function send(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.code(response.status)
  for (const [name, value] of response.headers) if (name !== 'set-cookie') reply.header(name, value)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  return reply.send(Buffer.from(await response.arrayBuffer()))
}

/** Fastify's client errors on these routes, in Wismo's answer shape; anything else goes to the host. */
function mapError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500
  if (status === 413) return answer(reply, 413, 'WEBHOOK_TOO_LARGE')
  if (status === 408) return answer(reply, 408, 'WEBHOOK_BODY_TIMEOUT')
  if (status >= 400 && status < 500) return answer(reply, 400, 'WEBHOOK_MALFORMED')
  throw error
}

function answer(reply: FastifyReply, status: number, code: WismoErrorCode): FastifyReply {
  reply.code(status).header('cache-control', 'no-store')
  if (code === 'WEBHOOK_METHOD_NOT_ALLOWED') reply.header('allow', 'POST')
  return reply.send({ ok: false, error: code })
}
