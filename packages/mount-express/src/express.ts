import type { IncomingMessage, ServerResponse } from 'node:http'
import { consoleLogger, type Logger, redactingLogger } from '@wismo/core'
import type { ErrorRequestHandler, Request as ExpressRequest, RequestHandler } from 'express'
import { answer, bodyOf, carrierOf, routeAnswer, send, type WebhookHost, webRequest } from './bridge.ts'
import { parserErrorCode } from './parser-errors.ts'

export type { WebhookHost } from './bridge.ts'

/**
 * Options of {@link expressWebhooks} and {@link expressWebhookErrors}.
 * @example const opts: ExpressWebhooksOptions = { carrier: 'easypost', logger: pino() }
 */
export interface ExpressWebhooksOptions {
  /** Serve one carrier at the mount path itself instead of `/<carrier>` below it. */
  carrier?: string
  /** Where a misconfiguration (a body parser that kept no raw bytes) is reported, once. Default: stderr. */
  logger?: Logger
}

/**
 * What {@link expressWebhooks} returns: the webhook middleware and an error handler for body
 * parsers that ran first. Pass it whole to `app.use` / `router.all`; Express flattens it.
 * @example const [webhooks, parserErrors]: ExpressWebhooks = expressWebhooks(wismo)
 */
export type ExpressWebhooks = [RequestHandler, ErrorRequestHandler]

interface MountContext {
  wismo: WebhookHost
  fixed: string | undefined
  log: Logger
  /** Whether the "parser kept no raw bytes" error was logged already. */
  warned: boolean
}

const MISCONFIGURED =
  'A body parser consumed the webhook body before Wismo and kept no raw bytes; signatures need the exact bytes, so ' +
  'deliveries are refused with 500 CONFIG_INVALID. Fix: mount expressWebhooks() before express.json(), or use ' +
  'express.json({ verify: keepRawBody }). (Logged once.)'

/**
 * Express middleware for Wismo webhooks: `app.use('/webhooks', expressWebhooks(wismo))`, and
 * carriers post to `/webhooks/<carrier>`; other paths fall through to `next()`. The body is
 * streamed to the handler untouched. When a body parser ran first, the raw bytes it kept
 * (`req.rawBody` from {@link keepRawBody}, or a Buffer from `express.raw()`) are used. If only a
 * parsed object is left, route and method are still answered first (404, 405); a POST to a
 * carrier route gets 500 `CONFIG_INVALID`, and the fix is logged once. The second element answers
 * a parser's own errors (413, 415, 400) in Wismo's JSON shape instead of Express's HTML page.
 * Scheme and host follow Express's `trust proxy` setting.
 * @example
 * const app = express()
 * app.use('/webhooks', expressWebhooks(wismo)) // before express.json()
 * app.use(express.json())
 */
export function expressWebhooks(wismo: WebhookHost, options: ExpressWebhooksOptions = {}): ExpressWebhooks {
  const ctx = context(wismo, options)
  const handler: RequestHandler = (req, res, next) => {
    const carrier = carrierOf(req, ctx.fixed)
    if (carrier === null) return next()
    respond(ctx, req, carrier)
      .then((response) => send(res, response))
      .catch(next)
  }
  return [handler, errorHandler(ctx)]
}

/**
 * The parser-error half of {@link expressWebhooks}, for setups where it cannot see a parser's
 * error: Express skips routers and routes while an error is pending, so with
 * `router.all('/:carrier', expressWebhooks(wismo))` behind an app-level parser, also add this at
 * the app level. It answers only body-parser errors on carrier routes; others go to `next(err)`.
 * @example
 * app.use(express.raw({ type: '*\/*' }))
 * app.use('/hooks', router)
 * app.use('/hooks', expressWebhookErrors(wismo))
 */
export function expressWebhookErrors(
  wismo: WebhookHost,
  options: ExpressWebhooksOptions = {},
): ErrorRequestHandler {
  return errorHandler(context(wismo, options))
}

/**
 * A body-parser `verify` hook that keeps the exact bytes as `req.rawBody`, so
 * {@link expressWebhooks} can verify signatures after `express.json()` has run.
 * @example app.use(express.json({ verify: keepRawBody }))
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  ;(req as IncomingMessage & { rawBody?: unknown }).rawBody = buf
}

function context(wismo: WebhookHost, options: ExpressWebhooksOptions): MountContext {
  return {
    wismo,
    fixed: options.carrier,
    log: redactingLogger(options.logger ?? consoleLogger('error')),
    warned: false,
  }
}

function errorHandler(ctx: MountContext): ErrorRequestHandler {
  return (err, req, res, next) => {
    const code = parserErrorCode(err)
    const carrier = carrierOf(req, ctx.fixed)
    if (code === null || carrier === null || res.headersSent) return next(err)
    const body = bodyOf(req)
    // Bytes still at hand (kept raw, or never read): the handler decides, in its own order.
    const answered =
      body === 'parsed'
        ? routeAnswer(ctx.wismo, req, carrier).then((r) => r ?? answer(code.status, code.code))
        : respond(ctx, req, carrier)
    answered.then((response) => send(res, response)).catch(next)
  }
}

async function respond(ctx: MountContext, req: ExpressRequest, carrier: string): Promise<Response> {
  const body = bodyOf(req)
  if (body === 'parsed') return (await routeAnswer(ctx.wismo, req, carrier)) ?? misconfigured(ctx, req)
  let request: Request
  try {
    request = webRequest(req, body)
  } catch {
    // Only methods fetch forbids (TRACE, TRACK) fail here.
    return answer(405, 'WEBHOOK_METHOD_NOT_ALLOWED')
  }
  try {
    return await ctx.wismo.webhooks.handle(request, { carrier })
  } catch (e) {
    ctx.log.error({ error: e }, 'wismo webhook handler rejected instead of answering')
    return answer(500, 'INTERNAL')
  }
}

function misconfigured(ctx: MountContext, req: ExpressRequest): Response {
  if (!ctx.warned) ctx.log.error({ code: 'CONFIG_INVALID', path: req.originalUrl }, MISCONFIGURED)
  ctx.warned = true
  return answer(500, 'CONFIG_INVALID')
}
