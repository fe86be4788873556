import { BrokenCircuitError } from 'cockatiel'
import { DEFAULT_HALF_OPEN_MS } from '../../carrier/breaker.ts'
import type { Order, Shipment } from '../../domain/schemas.ts'
import { isWismoError } from '../../errors.ts'
import { allEvents } from '../../ingest/events.ts'
import { type Logger, redactText } from '../../logger.ts'
import type { OutboxRow, WismoStore } from '../../store/contract.ts'
import { TELEMETRY_ATTRIBUTES as A } from '../../telemetry/attributes.ts'
import { errorCodeOf, markFailed, noopTelemetry, type Telemetry } from '../../telemetry/telemetry.ts'
import { defaultBackoff, NOTIFY_TOPIC_PREFIX } from '../../workers/dispatcher.ts'
import type { Channel, Notifier, ParsedOutgoingMessage } from '../contract.ts'
import type { NotificationContext } from '../templates/context.ts'
import { toE164 } from '../templates/phone.ts'
import { renderNotification } from '../templates/render.ts'
import type { NotifierLookup } from './breakers.ts'
import type { NotificationsSettings } from './options.ts'
import { type MessagePayload, MILESTONE_TRIGGERS } from './plan.ts'
import { quietUntil } from './quiet-hours.ts'

export interface NotifyContext {
  store: WismoStore
  settings: NotificationsSettings
  now: () => Date
  log: Logger
  providers: NotifierLookup
  carrierName: (carrierId: string) => string
  /** `wismo.notify.send` spans and `wismo.notify.failures`; none recorded without it. */
  telemetry?: Telemetry
}

export interface NotifyOptions {
  workerId: string
  /** Messages per pass (default 50). */
  limit?: number
  /** How long a claimed message is held (default 120 s); a send must finish within it. */
  leaseMs?: number
  /** Aborted: send no further message of this pass (the one in hand finishes). */
  signal?: AbortSignal
}

/** What one pass did, by outcome. */
export interface NotifyReport {
  claimed: number
  sent: number
  skipped: number
  deferred: number
  retried: number
  failed: number
  held: number
}

/** The note written before each provider call; the next holder reads an unknown outcome from it. */
const CALLING = (attempt: number, provider: string) => `attempt ${attempt}: calling ${provider}`
const CALLING_RE = /^attempt (\d+): calling ([^\s;]+)/
/**
 * Once a send's outcome at a provider that takes idempotency keys is unknown, every later attempt
 * of that message goes to that provider only (the key makes asking again safe; another provider
 * could deliver it twice). Every note written on the row from then on carries the pin, so a
 * failure on a later attempt (503, an open breaker) does not forget it.
 */
const PINNED = (provider: string) => `pinned to ${provider}`
const PINNED_RE = /pinned to ([^\s;]+)/

/**
 * One pass of the notification worker: claim due messages (`notify.*` outbox rows), decide
 * (preferences, opt-outs, quiet hours, superseded milestones, a feedback invitation already
 * answered or no longer apt), render with the shipment's latest
 * state and send through the channel's providers in order, each behind its circuit breaker.
 * Before each provider call the row records which provider it is calling; a later holder that
 * finds that note with no outcome knows the outcome is unknown and applies the policy: resend to a
 * provider that takes idempotency keys, else `unknownOutcome` (default `'resend'`).
 */
export async function notifyPass(ctx: NotifyContext, options: NotifyOptions): Promise<NotifyReport> {
  const report: NotifyReport = {
    claimed: 0,
    sent: 0,
    skipped: 0,
    deferred: 0,
    retried: 0,
    failed: 0,
    held: 0,
  }
  const rows = await ctx.store.claimOutbox({
    workerId: options.workerId,
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
    now: ctx.now().toISOString(),
    maxAttempts: ctx.settings.maxAttempts,
    topics: { prefix: NOTIFY_TOPIC_PREFIX },
  })
  report.claimed = rows.length
  for (const row of rows) {
    // Stopping: the rest stay leased until given back (`wismo.stop`) or their lease expires.
    if (options.signal?.aborted) break
    report[await traced(ctx, options.workerId, row)]++
  }
  return report
}

type Outcome = Exclude<keyof NotifyReport, 'claimed'>

/** What a send learned for its span: the provider it last called and the last failure's code. */
interface SendNote {
  provider?: string
  code?: string
}

/** Outcomes where the message did not go out and should have: the span is marked failed. */
const FAILED_OUTCOMES: ReadonlySet<Outcome> = new Set(['retried', 'failed', 'held'])

/** One message in a `wismo.notify.send` span: channel, trigger, shipment, provider, outcome. */
function traced(ctx: NotifyContext, workerId: string, row: OutboxRow): Promise<Outcome> {
  const payload = row.payload as unknown as MessagePayload
  const attributes = {
    [A.channel]: String(payload.channel),
    [A.trigger]: payload.trigger,
    [A.shipmentId]: payload.shipmentId,
    ...(payload.orderId ? { [A.orderId]: payload.orderId } : {}),
  }
  return (ctx.telemetry ?? noopTelemetry).span('wismo.notify.send', attributes, async (span) => {
    const note: SendNote = {}
    const outcome = await sendRow(ctx, workerId, row, note).catch((error: unknown) => {
      ctx.log.error({ outboxId: row.id, error }, 'notification worker failed on a message')
      note.code = errorCodeOf(error)
      return 'retried' as const
    })
    span.setAttributes({ [A.outcome]: outcome, ...(note.provider ? { [A.provider]: note.provider } : {}) })
    if (FAILED_OUTCOMES.has(outcome)) markFailed(span, note.code ?? 'NOTIFY_FAILED')
    return outcome
  })
}

async function sendRow(
  ctx: NotifyContext,
  workerId: string,
  row: OutboxRow,
  note: SendNote,
): Promise<Outcome> {
  const payload = row.payload as unknown as MessagePayload
  const channel = payload.channel as Channel
  const at = () => ctx.now().toISOString()
  const finish = async (outcome: Outcome, note: string, providerMessageId: string | null = null) => {
    if (outcome === 'sent' || outcome === 'skipped') {
      if (outcome === 'skipped') await ctx.store.noteOutbox({ id: row.id, workerId, note, now: at() })
      await ctx.store.completeOutbox({ id: row.id, workerId, providerMessageId, now: at() })
    }
    return outcome
  }
  const shipment = await ctx.store.getShipment(payload.shipmentId)
  const order = shipment?.orderId ? await ctx.store.getOrder(shipment.orderId) : null
  if (!shipment || !order) return finish('skipped', 'skipped: no order to notify')
  const moot = payload.trigger === 'feedback_request' ? await feedbackRequestMoot(ctx, shipment) : null
  if (moot) return finish('skipped', `skipped: ${moot}`)
  const recipient = recipientOf(ctx, channel, order)
  if (!recipient) return finish('skipped', `skipped: no ${channel} recipient`)
  const refusal = await refused(ctx, channel, payload, order, recipient, shipment)
  if (refusal) return finish('skipped', `skipped: ${refusal}`)
  if (channel === 'sms') {
    const quiet =
      order.preferences.quietHours === undefined ? ctx.settings.quietHours : order.preferences.quietHours
    const wait = quietUntil(quiet, order.customer.timeZone, ctx.now())
    if (wait) {
      await ctx.store.failOutbox({
        id: row.id,
        workerId,
        error: 'deferred: quiet hours',
        retryAt: wait,
        now: at(),
        // Waiting out quiet hours tried nothing: it does not use up `maxAttempts`.
        countAttempt: false,
      })
      return 'deferred'
    }
  }
  const previous = CALLING_RE.exec(row.lastError ?? '')
  let chain = ctx.settings.channels[channel] ?? []
  const pinnedTo = PINNED_RE.exec(row.lastError ?? '')?.[1]
  const pinned = chain.find((p) => p.id === pinnedTo)
  if (pinned) {
    note.provider = pinned.id
    chain = [pinned]
  } else if (previous && Number(previous[1]) === row.attempts - 1) {
    const provider = chain.find((p) => p.id === previous[2])
    note.provider = previous[2]
    const keyed = provider?.capabilities.idempotencyKeys === true
    const policy = keyed ? 'resend' : (ctx.settings.unknownOutcome[channel] ?? 'resend')
    ctx.log.warn({ outboxId: row.id, provider: previous[2], policy }, 'notification outcome unknown')
    if (policy === 'hold') return hold(ctx, workerId, row, previous[1] as string, previous[2] as string)
    // The same key at the same provider cannot send twice: ask that provider again, not another.
    if (keyed && provider) chain = [provider]
  }
  const pin = chain.length === 1 && chain !== ctx.settings.channels[channel] ? (chain[0]?.id ?? null) : null
  const message = await render(ctx, row, payload, channel, recipient, shipment, order)
  return sendThrough(ctx, workerId, row, chain, message, recipient, finish, note, pin)
}

async function sendThrough(
  ctx: NotifyContext,
  workerId: string,
  row: OutboxRow,
  chain: readonly Notifier[],
  message: ParsedOutgoingMessage,
  recipient: string,
  finish: (o: Outcome, note: string, id?: string | null) => Promise<Outcome>,
  traceNote: SendNote = {},
  pin: string | null = null,
): Promise<Outcome> {
  const at = () => ctx.now().toISOString()
  const failures: string[] = []
  let retryable = false
  let retryAfterMs = 0
  let unknownAt: string | null = null
  let called = false
  for (const provider of chain) {
    const breaker = ctx.providers.breaker(provider.id)
    traceNote.provider = provider.id
    try {
      // Through the breaker: while it is open this fails at once (no note, no call); after the
      // pause it lets one probe through, which closes it again on success.
      const { providerMessageId } = await breaker.run(async () => {
        await ctx.store.noteOutbox({
          id: row.id,
          workerId,
          note: pin
            ? `${CALLING(row.attempts, provider.id)}; ${PINNED(pin)}`
            : CALLING(row.attempts, provider.id),
          now: at(),
        })
        return provider.send(message)
      })
      ctx.log.info({ outboxId: row.id, provider: provider.id, channel: message.channel }, 'notification sent')
      return finish('sent', '', providerMessageId)
    } catch (error) {
      if (isWismoError(error, 'NOTIFY_OPTED_OUT')) {
        await rememberOptOut(ctx, message.channel, recipient)
        return finish('skipped', `skipped: the recipient opted out at ${provider.id}`)
      }
      const paused = error instanceof BrokenCircuitError
      if (!paused) called = true
      const code = isWismoError(error) ? error.code : paused ? 'PAUSED' : 'NOTIFY_FAILED'
      traceNote.code = code
      if (!paused) ctx.telemetry?.record.notifyFailure({ provider: provider.id, code })
      // A timeout after the request left: the provider may have accepted it. Moving on to the
      // next provider could send it twice; the outcome is unknown, and the policy decides.
      if (isWismoError(error, 'NOTIFY_TIMEOUT')) {
        const keyed = provider.capabilities.idempotencyKeys
        const policy = keyed ? 'resend' : (ctx.settings.unknownOutcome[message.channel] ?? 'resend')
        if (policy === 'hold') return hold(ctx, workerId, row, String(row.attempts), provider.id)
        if (keyed) {
          unknownAt = provider.id
          retryable = true
          break
        }
      }
      failures.push(`${provider.id} ${code}${reasonOf(error)}`)
      if (!isWismoError(error) || error.retryable) retryable = true
      if (isWismoError(error)) retryAfterMs = Math.max(retryAfterMs, error.retryAfterMs ?? 0)
    }
  }
  // A keyed provider timed out: the note names it as the call in progress, so the next attempt
  // sees an unknown outcome there and asks that provider again with the same key.
  // From a timeout at a keyed provider on, the message stays with that provider (see PINNED). The
  // pin comes before the providers' reasons, so no text of theirs can be read as one.
  const keeps = pin ?? unknownAt
  if (keeps) failures.unshift(PINNED(keeps))
  if (unknownAt) failures.unshift(`calling ${unknownAt} (timed out: outcome unknown)`)
  const note = `attempt ${row.attempts}: ${failures.join('; ') || 'no provider'}`
  // A hand-out that called no provider does not count (see `countAttempt` below).
  const counted = called ? row.attempts : row.attempts - 1
  if (!retryable || counted >= ctx.settings.maxAttempts) {
    await ctx.store.failOutbox({ id: row.id, workerId, error: note, retryAt: null, now: at() })
    return 'failed'
  }
  const ladder = ctx.settings.retryBackoffMs ?? defaultBackoff
  const backoff = retryWait(ladder, row.attempts) * (0.8 + Math.random() * 0.4)
  // Every provider was paused by its breaker (no call made): the next attempt waits for the pause
  // to end, so it reaches a provider instead of spending another hand-out on an open breaker, and
  // this hand-out does not count toward `maxAttempts` (an outage longer than the ladder would
  // otherwise use up a message's attempts without a single call).
  const pause = called ? 0 : (ctx.settings.breakers.halfOpenAfterMs ?? DEFAULT_HALF_OPEN_MS)
  const retryAt = new Date(ctx.now().getTime() + Math.max(backoff, retryAfterMs, pause)).toISOString()
  await ctx.store.failOutbox({ id: row.id, workerId, error: note, retryAt, now: at(), countAttempt: called })
  return 'retried'
}

/** The host's wait before the next attempt; one that throws or is not a finite number ≥ 0 gets the default. */
function retryWait(ladder: (attempts: number) => number, attempts: number): number {
  try {
    const wait = ladder(attempts)
    if (Number.isFinite(wait) && wait >= 0) return wait
  } catch {}
  return defaultBackoff(attempts)
}

/** Mark the message dead for a person to look at: its last provider call's outcome is unknown. */
async function hold(ctx: NotifyContext, workerId: string, row: OutboxRow, attempt: string, provider: string) {
  const error = `held: the outcome of attempt ${attempt} at ${provider} is unknown`
  await ctx.store.failOutbox({ id: row.id, workerId, error, retryAt: null, now: ctx.now().toISOString() })
  return 'held' as const
}

function recipientOf(ctx: NotifyContext, channel: Channel, order: Order): string | null {
  if (channel === 'email') return order.customer.email ?? null
  if (channel === 'webhook') return ctx.settings.webhookUrl ?? null
  if (!order.customer.phone) return null
  try {
    return toE164(order.customer.phone)
  } catch {
    return null
  }
}

/** Why this message is not sent, or null: preferences, an opt-out, a milestone already passed. */
async function refused(
  ctx: NotifyContext,
  channel: Channel,
  payload: MessagePayload,
  order: Order,
  recipient: string,
  shipment: Shipment,
): Promise<string | null> {
  const prefs = order.preferences
  if (channel === 'email' && !prefs.email) return 'e-mail is off for this order'
  if (channel === 'sms' && !prefs.sms) return 'SMS is off for this order'
  if (prefs.mutedTriggers.includes(payload.trigger)) return `${payload.trigger} is muted`
  if (channel !== 'webhook') {
    const theirs = await ctx.store.getPreferences(recipient)
    if (theirs && !theirs[channel]) return `the recipient opted out of ${channel}`
  }
  // A milestone the shipment has moved past, to one that notifies on this channel itself: that
  // message carries the news; this one would be stale.
  const now = shipment.status
  if (
    MILESTONE_TRIGGERS.has(payload.trigger) &&
    now !== payload.trigger &&
    (ctx.settings.triggers[now as keyof typeof ctx.settings.triggers] ?? []).includes(channel)
  )
    return `superseded by ${now}`
  return null
}

/** Why an invitation to rate the delivery is pointless now, or null: already rated, or no longer delivered. */
async function feedbackRequestMoot(ctx: NotifyContext, shipment: Shipment): Promise<string | null> {
  if (shipment.status !== 'delivered') return `the shipment is ${shipment.status}, no longer delivered`
  if (await ctx.store.getFeedback(shipment.id)) return 'the customer has already given feedback'
  return null
}

async function rememberOptOut(ctx: NotifyContext, channel: Channel, recipient: string) {
  if (channel === 'webhook') return
  const current = (await ctx.store.getPreferences(recipient)) ?? { email: true, sms: true, mutedTriggers: [] }
  await ctx.store.setPreferences(recipient, { ...current, [channel]: false })
}

async function render(
  ctx: NotifyContext,
  row: OutboxRow,
  payload: MessagePayload,
  channel: Channel,
  recipient: string,
  shipment: Shipment,
  order: Order,
): Promise<ParsedOutgoingMessage> {
  const trackingUrl = await ctx.settings.trackingUrl({ orderId: order.id, shipmentId: shipment.id })
  const tags = { shipmentId: shipment.id, trigger: payload.trigger }
  const base = { idempotencyKey: row.idempotencyKey, channel, to: recipient, tags }
  if (channel === 'webhook')
    return {
      ...base,
      text: '',
      type: `shipment.${payload.trigger}`,
      payload: {
        orderId: order.id,
        shipmentId: shipment.id,
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        status: shipment.status,
        subStatus: shipment.subStatus,
        eta: shipment.eta?.best ?? null,
        trackingUrl,
      },
    }
  const context = await contextOf(ctx, shipment, order, payload, trackingUrl)
  const overrides = ctx.settings.compiled
  if (channel === 'sms') {
    const sms = renderNotification({ trigger: payload.trigger, channel: 'sms', context, overrides })
    return { ...base, text: sms.text }
  }
  const email = renderNotification({ trigger: payload.trigger, channel: 'email', context, overrides })
  return { ...base, subject: email.subject, html: email.html, text: email.text }
}

async function contextOf(
  ctx: NotifyContext,
  shipment: Shipment,
  order: Order,
  payload: MessagePayload,
  trackingUrl: string,
): Promise<NotificationContext> {
  const latest = (await allEvents(ctx.store, shipment.id)).at(-1)
  const best = shipment.eta?.best
  const place = latest?.location
    ? [latest.location.city, latest.location.region, latest.location.country].filter(Boolean).join(', ')
    : null
  return {
    shop: ctx.settings.shop,
    customer: {
      name: order.customer.name ?? null,
      locale: order.customer.locale,
      timeZone: order.customer.timeZone,
    },
    shipment: {
      carrierName: ctx.carrierName(shipment.carrier),
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
      service: shipment.service,
    },
    eta: best
      ? {
          date: best.date,
          earliest: best.earliest ?? null,
          latest: best.latest ?? null,
          confidence: best.confidence,
        }
      : null,
    latestScan: latest ? { text: latest.rawText, place, occurredAt: latest.occurredAt } : null,
    trackingUrl,
    trigger: payload.trigger,
  }
}

/** A provider's own words for a failure, redacted and short, for `lastError` and the attempt log. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const text = redactText(message.replace(/\s+/g, ' ').trim()).slice(0, 200)
  return text ? ` (${text})` : ''
}
