import type { Carrier } from '../carrier/contract.ts'
import type { TrackingUpdate } from '../domain/schemas.ts'
import { isWismoError, WismoError } from '../errors.ts'
import type { IngestResult } from '../ingest/ingest.ts'
import type { Logger } from '../logger.ts'
import type { DeliveryEvent, Notifier } from '../notify/contract.ts'
import { TELEMETRY_ATTRIBUTES as A } from '../telemetry/attributes.ts'
import { errorCodeOf, markFailed, noopTelemetry, type Telemetry } from '../telemetry/telemetry.ts'
import { failure, reply, toResponse, type WebhookAnswer } from './answer.ts'
import { tooLarge } from './decode-body.ts'
import { parseJsonBody } from './parse-json.ts'
import { readBody } from './read-body.ts'
import type { ReplayGuard } from './verify/replay-guard.ts'
import type { RawWebhookRequest } from './verify/types.ts'

/**
 * Options of the webhook handler, given as `createWismo({ webhooks })`.
 * @example const opts: WebhookHandlerOptions = { maxBodyBytes: 1024 * 1024, bodyTimeoutMs: 30_000 }
 */
export interface WebhookHandlerOptions {
  /** Largest body accepted, in bytes, on the wire and after decoding (default 1 MiB). */
  maxBodyBytes?: number
  /** Longest pause between body chunks (default 10 s). */
  bodyIdleTimeoutMs?: number
  /** Longest time for the whole body, however steadily it drips (default 30 s). */
  bodyTimeoutMs?: number
  /**
   * Remembers signed message ids: a replay of a stored message is acknowledged and skipped, a
   * redelivery of one still being written is asked to retry (503 `WEBHOOK_IN_FLIGHT`).
   */
  replayGuard?: ReplayGuard
}

export interface HandleOptions {
  /** Carrier id; default: the last path segment of the URL (`/webhooks/sandbox`). */
  carrier?: string
}

interface HandlerContext {
  carriers: ReadonlyMap<string, Carrier>
  /** Notifiers whose providers push delivery events (`/webhooks/<notifier id>`), and what to do with them. */
  notifiers?: ReadonlyMap<string, Notifier>
  deliveries?: (notifier: Notifier, events: DeliveryEvent[]) => Promise<void>
  ingest: (update: TrackingUpdate) => Promise<IngestResult>
  /** Keep the payload for support staff, listed under the shipments it changed (see `createWismo({ archive })`). */
  archive?: (payload: ArchivedWebhook) => Promise<void>
  log: Logger
  options: Required<Omit<WebhookHandlerOptions, 'replayGuard'>> & { replayGuard: ReplayGuard | null }
  /** Spans (`wismo.webhook.handle`) and `wismo.webhook.requests`; none recorded without it. */
  telemetry?: Telemetry
}

/** A webhook body that changed shipments, as handed to the archive. */
export interface ArchivedWebhook {
  carrier: string
  contentType: string | null
  body: Uint8Array
  shipmentIds: string[]
}

/** How soon a sender may retry a message that is still being written. */
const IN_FLIGHT_RETRY_AFTER_MS = 1000

/**
 * The Web-standard webhook handler: `Request` in, `Response` out, so it mounts anywhere.
 * Order of work: route → method → declared size → encoding → bytes (decoded) → signature → JSON →
 * replay → carrier payload → ingest → 200. A 2xx is given only once the update is durably stored
 * (or was stored before); nothing but that write happens on the request path.
 * @example
 * export const POST = (req: Request) => wismo.webhooks.handle(req, { carrier: 'easypost' })
 */
export function createWebhookHandler(ctx: HandlerContext): WebhookHandle {
  const telemetry = ctx.telemetry ?? noopTelemetry
  const answered = (id: string | undefined, work: () => Promise<WebhookAnswer>) => {
    const route = routeOf(ctx, id)
    return telemetry.span('wismo.webhook.handle', route.attributes, async (span) => {
      let error: unknown
      const answer = await work().catch((e: unknown) => {
        error = e
        return failure(ctx.log, e)
      })
      const status = answer.status
      span.setAttributes({ [A.statusCode]: status, [A.outcome]: outcomeOf(status) })
      // A sender's mistake (4xx) is recorded by its code; only our own failures (5xx) mark an error.
      if (error !== undefined && status >= 500) markFailed(span, errorCodeOf(error))
      else if (error !== undefined) span.setAttribute(A.errorCode, errorCodeOf(error))
      telemetry.record.webhookRequest({ route: route.name, status })
      return answer
    })
  }
  const handle = async (request: Request, options: HandleOptions = {}) => {
    const id = options.carrier ?? lastSegment(request.url)
    return toResponse(await answered(id, () => fromRequest(ctx, request, id)))
  }
  const bytes = (raw: BytesRequest, options: HandleOptions = {}) => {
    const id = options.carrier ?? lastSegment(raw.url)
    return answered(id, () => fromBytes(ctx, raw, id))
  }
  return Object.assign(handle, { bytes })
}

/**
 * The webhook handler: `Request` in, `Response` out; `bytes` takes a body the caller has already
 * read whole, for mounts that own the socket (`@wismo/mount-node`).
 * @example
 * const answer = await wismo.webhooks.handle.bytes({ method: 'POST', url, headers, body }, { carrier: 'sandbox' })
 * res.writeHead(answer.status, answer.headers).end(answer.body)
 */
export interface WebhookHandle {
  (request: Request, options?: HandleOptions): Promise<Response>
  /**
   * The same work without a Web `Request`: the body as exact bytes with any `Content-Encoding`
   * removed, or a function that reads them (called only once route and method are right). The
   * reader enforces the time limits and stops at `maxBodyBytes`, rejecting with a coded error
   * (`WEBHOOK_TOO_LARGE`, `WEBHOOK_BODY_TIMEOUT`, `WEBHOOK_MALFORMED`); the size is checked here too.
   */
  bytes(raw: BytesRequest, options?: HandleOptions): Promise<WebhookAnswer>
}

/**
 * A delivery for {@link WebhookHandle.bytes}: a {@link RawWebhookRequest} whose body may still be unread.
 * @example const raw: BytesRequest = { method: 'POST', url, headers, body: () => readAll(req) }
 */
export interface BytesRequest extends Omit<RawWebhookRequest, 'body'> {
  body: Uint8Array | (() => Promise<Uint8Array>)
}

/** The route's name for telemetry: a registered carrier's or notifier's id, never the raw path. */
function routeOf(ctx: HandlerContext, id: string | undefined) {
  if (id && ctx.carriers.has(id)) return { name: id, attributes: { [A.route]: id, [A.carrier]: id } }
  if (id && ctx.notifiers?.has(id)) return { name: id, attributes: { [A.route]: id, [A.notifier]: id } }
  return { name: 'unknown', attributes: { [A.route]: 'unknown' } }
}

const outcomeOf = (status: number) =>
  status < 300 ? 'accepted' : status === 503 ? 'retry' : status < 500 ? 'rejected' : 'failed'

type Route =
  | { kind: 'carrier'; carrier: Carrier; webhook: NonNullable<Carrier['webhook']> }
  | { kind: 'notifier'; notifier: Notifier; webhook: NonNullable<Notifier['webhook']> }

/** The carrier or notifier a delivery is for, or the answer when there is none or the method is wrong. */
function routeTo(ctx: HandlerContext, id: string | undefined, method: string): Route | WebhookAnswer {
  const carrier = id ? ctx.carriers.get(id) : undefined
  const notifier = !carrier && id ? ctx.notifiers?.get(id) : undefined
  const route: Route | null = notifier?.webhook
    ? { kind: 'notifier', notifier, webhook: notifier.webhook }
    : carrier?.webhook
      ? { kind: 'carrier', carrier, webhook: carrier.webhook }
      : null
  if (!route) return reply(404, 'WEBHOOK_ROUTE_UNKNOWN')
  if (method !== 'POST') return reply(405, 'WEBHOOK_METHOD_NOT_ALLOWED', { Allow: 'POST' })
  return route
}

async function fromRequest(
  ctx: HandlerContext,
  request: Request,
  id: string | undefined,
): Promise<WebhookAnswer> {
  const route = routeTo(ctx, id, request.method)
  if ('status' in route) return route
  const body = await readBody(request, {
    maxBytes: ctx.options.maxBodyBytes,
    idleTimeoutMs: ctx.options.bodyIdleTimeoutMs,
    timeoutMs: ctx.options.bodyTimeoutMs,
  })
  return routed(ctx, route, { method: request.method, url: request.url, headers: request.headers, body })
}

async function fromBytes(
  ctx: HandlerContext,
  raw: BytesRequest,
  id: string | undefined,
): Promise<WebhookAnswer> {
  const route = routeTo(ctx, id, raw.method)
  if ('status' in route) return route
  const body = typeof raw.body === 'function' ? await raw.body() : raw.body
  if (body.byteLength > ctx.options.maxBodyBytes) throw tooLarge(ctx.options.maxBodyBytes)
  return routed(ctx, route, { ...raw, body })
}

function routed(ctx: HandlerContext, route: Route, raw: RawWebhookRequest): Promise<WebhookAnswer> {
  return route.kind === 'notifier'
    ? deliveryEvents(ctx, route.notifier, route.webhook, raw)
    : carrierUpdate(ctx, route.carrier, route.webhook, raw)
}

async function carrierUpdate(
  ctx: HandlerContext,
  carrier: Carrier,
  webhook: NonNullable<Carrier['webhook']>,
  raw: RawWebhookRequest,
): Promise<WebhookAnswer> {
  const verified = await webhook.verify(raw)
  if (verified && verified.secretIndex > 0)
    ctx.log.info(
      { carrier: carrier.id, secretIndex: verified.secretIndex },
      'webhook signed with an older secret: keep it until senders switch',
    )
  const json = parseJsonBody(raw.body)
  const write = () => store(ctx, carrier, json, raw)
  const guard = ctx.options.replayGuard
  if (!guard || !verified?.messageId) return write()
  const id = `${carrier.id}:${verified.messageId}`
  return guarded(ctx.log, guard, id, verified.timestamp ?? nowSeconds(), write)
}

/**
 * A provider's delivery events (SendGrid's Event Webhook, Twilio's status callback…): verified on
 * the raw bytes like a carrier's webhook, parsed (a JSON body parsed, any other handed over as
 * `undefined` with the raw request), then handed to the engine before the 200.
 */
async function deliveryEvents(
  ctx: HandlerContext,
  notifier: Notifier,
  webhook: NonNullable<Notifier['webhook']>,
  raw: RawWebhookRequest,
): Promise<WebhookAnswer> {
  await webhook.verify(raw)
  const json = (raw.headers.get('content-type') ?? '').includes('json') ? parseJsonBody(raw.body) : undefined
  const events = await (async () => webhook.parse(json, raw))().catch((e: unknown) => {
    if (isWismoError(e) && e.code.startsWith('WEBHOOK_')) throw e
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Payload is not delivery events this provider sends', {
      cause: e,
    })
  })
  await ctx.deliveries?.(notifier, events)
  return reply(200, null, {}, { ok: true, events: events.length })
}

/**
 * Run `write` under the replay guard: `done` is acknowledged, `in_flight` asked to retry (that
 * write may still fail, so a 2xx would lose the update), `new` is written, then completed or
 * aborted. The guard only saves work; ingest is idempotent, so a failing guard is logged and
 * bypassed rather than refusing the delivery.
 */
async function guarded(
  log: Logger,
  guard: ReplayGuard,
  id: string,
  timestamp: number,
  write: () => Promise<WebhookAnswer>,
): Promise<WebhookAnswer> {
  const state = await guard.begin(id, timestamp).catch((e: unknown) => {
    log.warn({ error: e }, 'webhook replay guard failed; ingesting without it')
    return null
  })
  if (state === 'done') return reply(200, null, {}, { ok: true, duplicate: true })
  if (state === 'in_flight')
    throw new WismoError('WEBHOOK_IN_FLIGHT', 'This message is still being stored; retry later', {
      retryAfterMs: IN_FLIGHT_RETRY_AFTER_MS,
    })
  if (state === null) return write()
  const response = await write().catch(async (e: unknown) => {
    // Not stored: forget the id so the sender's retry of this message is processed.
    await guard
      .abort(id)
      .catch((err: unknown) => log.warn({ error: err }, 'webhook replay guard: abort failed'))
    throw e
  })
  await guard
    .complete(id)
    .catch((e: unknown) => log.warn({ error: e }, 'webhook replay guard: complete failed'))
  return response
}

async function store(
  ctx: HandlerContext,
  carrier: Carrier,
  json: unknown,
  raw: RawWebhookRequest,
): Promise<WebhookAnswer> {
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
  const changed = new Set<string>()
  for (const update of updates) {
    if (update.carrier !== carrier.id)
      throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Payload names another carrier')
    const result = await ctx.ingest(update).catch((e: unknown) => {
      throw isWismoError(e, 'INPUT_INVALID')
        ? new WismoError('WEBHOOK_UNPROCESSABLE', e.message, { cause: e })
        : e
    })
    created += result.newEvents.length
    if (result.shipment && (result.outcome === 'created' || result.outcome === 'updated'))
      changed.add(result.shipment.id)
  }
  if (changed.size && ctx.archive) {
    const payload = {
      carrier: carrier.id,
      contentType: raw.headers.get('content-type'),
      body: raw.body,
      shipmentIds: [...changed],
    }
    // Diagnostic only: the scans are stored, so a failed archive write never fails the delivery.
    await ctx.archive(payload).catch((e: unknown) => ctx.log.warn({ error: e }, 'webhook archive failed'))
  }
  return reply(200, null, {}, { ok: true, updates: updates.length, newEvents: created })
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
