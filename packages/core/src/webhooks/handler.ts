import type { Carrier } from '../carrier/contract.ts'
import type { TrackingUpdate } from '../domain/schemas.ts'
import { isWismoError, WismoError, type WismoErrorCode } from '../errors.ts'
import type { IngestResult } from '../ingest/ingest.ts'
import type { Logger } from '../logger.ts'
import { parseJsonBody } from './parse-json.ts'
import { readBody } from './read-body.ts'
import type { ReplayGuard } from './verify/replay-guard.ts'
import type { RawWebhookRequest } from './verify/types.ts'

export interface WebhookHandlerOptions {
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number
  /** Longest pause between body chunks (default 10 s). */
  bodyIdleTimeoutMs?: number
  /** Remembers signed message ids so a replay inside the window is acknowledged and skipped. */
  replayGuard?: ReplayGuard
}

export interface HandleOptions {
  /** Carrier id; default: the last path segment of the URL (`/webhooks/sandbox`). */
  carrier?: string
}

interface HandlerContext {
  carriers: ReadonlyMap<string, Carrier>
  ingest: (update: TrackingUpdate) => Promise<IngestResult>
  log: Logger
  options: Required<Omit<WebhookHandlerOptions, 'replayGuard'>> & { replayGuard: ReplayGuard | null }
}

/**
 * The Web-standard webhook handler: `Request` in, `Response` out, so it mounts anywhere.
 * Order of work: route → method → size → raw bytes → signature → JSON → replay → carrier payload →
 * ingest → 200.
 * Nothing but the durable write happens on the request path.
 * @example
 * export const POST = (req: Request) => wismo.webhooks.handle(req, { carrier: 'easypost' })
 */
export function createWebhookHandler(ctx: HandlerContext) {
  return async function handle(request: Request, options: HandleOptions = {}): Promise<Response> {
    try {
      return await process(ctx, request, options)
    } catch (e) {
      return failure(ctx.log, e)
    }
  }
}

async function process(ctx: HandlerContext, request: Request, options: HandleOptions): Promise<Response> {
  const carrierId = options.carrier ?? lastSegment(request.url)
  const carrier = carrierId ? ctx.carriers.get(carrierId) : undefined
  if (!carrier?.webhook) return reply(404, 'WEBHOOK_ROUTE_UNKNOWN')
  if (request.method !== 'POST') return reply(405, 'WEBHOOK_METHOD_NOT_ALLOWED', { Allow: 'POST' })
  const body = await readBody(request, {
    maxBytes: ctx.options.maxBodyBytes,
    idleTimeoutMs: ctx.options.bodyIdleTimeoutMs,
  })
  const raw: RawWebhookRequest = { method: request.method, url: request.url, headers: request.headers, body }
  const verified = await carrier.webhook.verify(raw)
  if (verified && verified.secretIndex > 0)
    ctx.log.info(
      { carrier: carrier.id, secretIndex: verified.secretIndex },
      'webhook signed with an older secret: keep it until senders switch',
    )
  const json = parseJsonBody(body)
  const guard = ctx.options.replayGuard
  const replayId = verified?.messageId && guard ? `${carrier.id}:${verified.messageId}` : null
  if (replayId && (await guard?.seen(replayId, verified?.timestamp ?? nowSeconds())))
    return reply(200, null, {}, { ok: true, duplicate: true })
  try {
    return await store(ctx, carrier, json, raw)
  } catch (e) {
    // Not stored: let the sender's retry of this message through.
    if (replayId) await guard?.forget(replayId)
    throw e
  }
}

async function store(
  ctx: HandlerContext,
  carrier: Carrier,
  json: unknown,
  raw: RawWebhookRequest,
): Promise<Response> {
  const webhook = carrier.webhook as NonNullable<Carrier['webhook']>
  const updates = await (async () => webhook.parse(json, raw))().catch((e: unknown) => {
    if (isWismoError(e) && e.code.startsWith('WEBHOOK_')) throw e
    throw new WismoError(
      'WEBHOOK_UNPROCESSABLE',
      'Payload is not a tracking update this carrier understands',
      { cause: e },
    )
  })
  let created = 0
  for (const update of updates) {
    if (update.carrier !== carrier.id)
      throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Payload names another carrier')
    const result = await ctx.ingest(update).catch((e: unknown) => {
      throw isWismoError(e, 'INPUT_INVALID')
        ? new WismoError('WEBHOOK_UNPROCESSABLE', e.message, { cause: e })
        : e
    })
    created += result.newEvents.length
  }
  return reply(200, null, {}, { ok: true, updates: updates.length, newEvents: created })
}

/** Map a failure to a short JSON answer: the code only, never a secret or a stack. */
function failure(log: Logger, e: unknown): Response {
  if (isWismoError(e) && e.code.startsWith('WEBHOOK_')) return reply(e.status, e.code)
  if (isWismoError(e) && e.retryable) {
    log.warn({ code: e.code }, 'webhook could not be stored; asking the sender to retry')
    return reply(
      503,
      e.code,
      e.retryAfterMs ? { 'Retry-After': String(Math.ceil(e.retryAfterMs / 1000)) } : {},
    )
  }
  log.error({ error: e, code: isWismoError(e) ? e.code : 'INTERNAL' }, 'webhook handler failed')
  return reply(500, 'INTERNAL')
}

function reply(
  status: number,
  code: WismoErrorCode | null,
  headers: Record<string, string> = {},
  body?: object,
): Response {
  const payload = body ?? { ok: false, error: code }
  return new Response(JSON.stringify(payload), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
}

function lastSegment(url: string): string | undefined {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean)
    return segments.at(-1) ? decodeURIComponent(segments.at(-1) as string) : undefined
  } catch {
    return undefined
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000)
