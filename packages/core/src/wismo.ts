import { EventEmitter } from 'eventemitter3'
import { type BreakerState, carrierBreakers } from './carrier/breaker.ts'
import type { Carrier } from './carrier/contract.ts'
import { PUSH_UNTIL_KEY, subscribePush, subscriptionDue } from './carrier/subscribe.ts'
import { parseInput, parseOptions } from './define/options.ts'
import { type CarrierCandidate, detectCarrier } from './detect/detect.ts'
import { shipmentState } from './domain/pieces.ts'
import {
  type NotificationPreferences,
  NotificationPreferencesSchema,
  type Order,
  type OrderInput,
  OrderInputSchema,
  type Shipment,
  type ShipmentFeatures,
  type TrackingEvent,
} from './domain/schemas.ts'
import { TERMINAL_STATUSES } from './domain/status.ts'
import { normalizeTrackingNumber } from './domain/tracking-number.ts'
import { isWismoError, WismoError } from './errors.ts'
import { laneOfShipment } from './eta/estimate.ts'
import type { TransitModel } from './eta/model.ts'
import type { WismoEvents } from './events.ts'
import { type FeedbackInput, type FeedbackState, feedbackState, submitFeedback } from './feedback/feedback.ts'
import { createEtaRuntime } from './ingest/eta-runtime.ts'
import type { EtaContext } from './ingest/eta-step.ts'
import { allEvents } from './ingest/events.ts'
import { HistoryCache } from './ingest/history-cache.ts'
import { amendShipment, type IngestResult, ingestUpdate, orphanShipment } from './ingest/ingest.ts'
import { type IngestManyOptions, type IngestManyReport, ingestMany } from './ingest/ingest-many.ts'
import { inFlightOf } from './ingest/plan.ts'
import { type CreatedShipment, type CreateShipmentInput, createShipment } from './labels/create-shipment.ts'
import { type TrackingGrant, trackingLinks } from './links/tracking-links.ts'
import { noopLogger, redactingLogger } from './logger.ts'
import type { Channel } from './notify/contract.ts'
import { providerBreakers } from './notify/engine/breakers.ts'
import { recordDeliveries } from './notify/engine/deliveries.ts'
import { notificationsSettings } from './notify/engine/options.ts'
import { withMessageRows } from './notify/engine/plan.ts'
import { type NotifyOptions, type NotifyReport, notifyPass } from './notify/engine/send.ts'
import type { NotificationTrigger } from './notify/templates/triggers.ts'
import { pruneArchive, webhookArchive } from './ops/archive.ts'
import { withAttemptLog } from './ops/attempt-log.ts'
import { opsApi } from './ops/ops-api.ts'
import { secretsOf } from './redact.ts'
import { attachRegistration, type RegisterShipment } from './registration.ts'
import { healthHandlers } from './runtime/health.ts'
import {
  createRuntime,
  type RuntimeOptions,
  type RuntimeSettings,
  type StopReport,
  type Worker,
} from './runtime/runtime.ts'
import type { FeedbackQuery } from './store/contract.ts'
import { memoryStore } from './store/memory-store.ts'
import { createTelemetry } from './telemetry/telemetry.ts'
import { serialByKey } from './util/serial-by-key.ts'
import { createWebhookHandler } from './webhooks/handler.ts'
import { memoryReplayGuard } from './webhooks/verify/replay-guard.ts'
import {
  OptionsSchema,
  type RegisterShipmentInput,
  RegisterShipmentSchema,
  type WismoOptions,
} from './wismo-options.ts'
import { type DispatchOptions, dispatchOutbox, NOTIFY_TOPIC_PREFIX } from './workers/dispatcher.ts'
import { type PollOptions, pollDue } from './workers/poller.ts'
import { detectSignalsPass, type SignalPassOptions } from './workers/signals.ts'

/** What a shop notifies on (see `wismo.notifications.settings()`). */
export interface NotificationsSummary {
  channels: Channel[]
  triggers: NotificationTrigger[]
  quietHours: { start: string; end: string } | null
}

/** A shipment with its timeline, oldest event first. */
export interface ShipmentView {
  shipment: Shipment
  timeline: TrackingEvent[]
}

/**
 * Create a Wismo instance: the host's entry point.
 * @example
 * const wismo = createWismo({ carriers: [sandboxCarrier({ seed: 1, webhookSecret })] })
 * await wismo.registerOrder({ id: 'A-1001', customer: { email: 'ana@example.com' } })
 * const shipment = await wismo.registerShipment({ orderId: 'A-1001', trackingNumber: 'SBX...' })
 * wismo.on('shipment.delivered', ({ shipment }) => ...)
 */
export function createWismo(input: WismoOptions) {
  const options = parseOptions(OptionsSchema, input, 'createWismo')
  const baseStore = options.store ?? memoryStore()
  const links = options.trackingLinks ? trackingLinks(options.trackingLinks, () => now()) : null
  const signedUrl = links
    ? ({ orderId, shipmentId }: { orderId: string; shipmentId: string }) =>
        links.url(orderId).then((url) => `${url}#shipment-${shipmentId}`)
    : null
  const notify = options.notifications ? notificationsSettings(options.notifications, signedUrl) : null
  // With notifications, every commit also writes the messages its changes call for (same transaction).
  const store = notify ? withMessageRows(baseStore, notify, () => now()) : baseStore
  const carriers = new Map(options.carriers.map((c) => [c.id, c]))
  if (carriers.size !== options.carriers.length)
    throw new WismoError('CONFIG_INVALID', 'Two carriers share one id', {
      details: { ids: options.carriers.map((c) => c.id) },
    })
  // Everything the instance logs (listener errors, webhook failures, workers) is redacted, with the
  // carriers' secrets too; a host logger that is already redacting is not wrapped twice.
  const log = redactingLogger(options.logger ?? noopLogger, {
    secrets: [...secretsOf(options.carriers), ...[options.trackingLinks?.secret ?? []].flat()],
  })
  // Carriers log through this instance's redacting logger and keep their rate budgets in its
  // store, shared by every process on it (a store without token buckets leaves them in memory).
  const budget = typeof store.takeTokens === 'function' ? store : undefined
  const telemetry = createTelemetry(options.telemetry)
  for (const carrier of options.carriers) carrier.attach?.({ log, telemetry, ...(budget ? { budget } : {}) })
  for (const notifier of Object.values(notify?.channels ?? {}).flat()) notifier.attach?.({ log })
  const now = options.clock ?? (() => new Date())
  const emitter = new EventEmitter<WismoEvents>()
  /** Whether this process dispatches the outbox rows meant for the host's systems. */
  let dispatching = false
  const runtime = createRuntime({
    log,
    release: (workerId) => store.releaseLeases({ workerId, now: now().toISOString() }),
  })
  const breakers = carrierBreakers(options.breakers, log)
  telemetry.observeBreakers([...carriers.keys()], (id) => breakers.state(id))
  const outboxGauge = telemetry.observeOutbox(() => store.outboxStats({ now: now().toISOString() }))
  const notifyBreakers = providerBreakers(notify?.breakers ?? {}, log)
  for (const [id, backups] of Object.entries(options.failover))
    for (const backup of [id, ...backups])
      if (!carriers.has(backup))
        throw new WismoError(
          'CONFIG_INVALID',
          `failover names carrier "${backup}", which is not registered`,
          {
            details: { failover: id },
          },
        )
  const eta = options.eta ? createEtaRuntime(store, options.eta, log) : null
  const etaContext = async (): Promise<EtaContext> => (eta ? eta.context() : { model: null })
  const ingestContext = {
    telemetry,
    store,
    carrierIds: new Set(carriers.keys()),
    emitter,
    log,
    now,
    unknownShipments: (carrier: string) => {
      const rule = options.unknownShipments
      const set = typeof rule === 'string' ? rule : (rule[carrier] ?? 'auto')
      if (set !== 'auto') return set
      return carriers.get(carrier)?.capabilities.accountWebhooks ? 'ignore' : 'create'
    },
    eta,
    history: new HistoryCache(options.historyCacheEvents),
    serial: serialByKey(),
  }

  const webhooks = {
    /** The body limits in force, so framework mounts can align their own parsers' limits. */
    limits: {
      maxBodyBytes: options.webhooks.maxBodyBytes,
      bodyIdleTimeoutMs: options.webhooks.bodyIdleTimeoutMs,
      bodyTimeoutMs: options.webhooks.bodyTimeoutMs,
    },
    /** Handle one webhook delivery: `Request` in, `Response` out. */
    handle: createWebhookHandler({
      telemetry,
      carriers,
      notifiers: new Map(
        Object.values(notify?.channels ?? {}).flatMap((chain) => chain.map((n) => [n.id, n])),
      ),
      deliveries: (notifier, events) =>
        recordDeliveries(
          {
            store,
            log,
            now,
            emit: (provider, event) => {
              try {
                emitter.emit('notification.delivery', { provider, event })
              } catch (error) {
                log.error({ event: 'notification.delivery', error }, 'a Wismo event listener threw')
              }
            },
          },
          notifier,
          events,
        ),
      ingest: (update) => ingestUpdate(ingestContext, update),
      ...(options.archive.payloads ? { archive: webhookArchive(store, now) } : {}),
      log,
      options: { ...options.webhooks, replayGuard: options.webhooks.replayGuard ?? memoryReplayGuard() },
    }),
  }

  // The notification engine's writes to a row also go to its attempt log (the dashboard reads it).
  const attemptLogged = withAttemptLog(store, log)
  const workers = {
    /** One dispatcher pass over the outbox: claim, send, record. */
    dispatchOutbox: (opts: DispatchOptions) => dispatchOutbox(store, now, opts, log),
    /**
     * One notification pass: send the due messages (see docs/notifications.md). Without a
     * `notifications` option it claims nothing and reports zeros.
     */
    notify: async (opts: NotifyOptions): Promise<NotifyReport> => {
      if (!notify) return { claimed: 0, sent: 0, skipped: 0, deferred: 0, retried: 0, failed: 0, held: 0 }
      const ctx = {
        telemetry,
        store: attemptLogged,
        settings: notify,
        now,
        log,
        providers: notifyBreakers,
        carrierName: (id: string) => carriers.get(id)?.name ?? id,
      }
      return notifyPass(ctx, opts)
    },
    /** One poller pass: track due shipments and schedule their next poll. */
    pollDue: (opts: PollOptions) =>
      pollDue(
        {
          store,
          carriers,
          breakers,
          failover: options.failover,
          resubscribe: (s) => subscribe(s).then(() => undefined),
          ingest: (u) => ingestUpdate(ingestContext, u),
          now,
          log,
          telemetry,
        },
        opts,
      ),
    /**
     * One signal pass: re-estimate non-terminal shipments with the current time and fire
     * `shipment.stalled` (and any other newly active signal); run it periodically, e.g. hourly.
     */
    detectSignals: (opts: SignalPassOptions) =>
      detectSignalsPass(
        {
          store,
          eta: etaContext,
          now,
          log,
          emit: (name, payload) => {
            try {
              ;(emitter.emit as (n: string, p: unknown) => boolean)(name, payload)
            } catch (error) {
              log.error({ event: name, error }, 'a Wismo event listener threw')
            }
          },
        },
        opts,
      ),
  }

  const etaApi = {
    /** The instance's transit model (warmed from the store on first call), or `null` without `eta` options. */
    model: async (): Promise<TransitModel | null> => (eta ? eta.model() : null),
    /**
     * The date to promise at checkout: the local date of the `promiseQuantile` of delivery
     * counted from purchase, or `null` without a model or data for the lane.
     * @example await wismo.eta.promiseDate({ carrier: 'ups', destination: { country: 'US', region: 'NY' } }) // '2026-03-09'
     */
    async promiseDate(input: {
      carrier: string
      service?: string | null
      origin?: Shipment['origin']
      destination?: Shipment['destination']
      purchasedAt?: string
      features?: ShipmentFeatures
    }): Promise<string | null> {
      if (!eta) return null
      const model = await eta.model()
      const at = input.purchasedAt ?? now().toISOString()
      const lane = laneOfShipment(
        {
          carrier: input.carrier,
          service: input.service ?? null,
          origin: input.origin ?? null,
          destination: input.destination ?? null,
          ...(input.features ? { features: input.features } : {}),
        },
        eta.postalAreaLength,
      )
      const p = model.predict({
        shipment: lane,
        from: 'purchase',
        startedAt: at,
        now: at,
        quantiles: [eta.promiseQuantile],
      })
      return p?.quantiles[0]?.date ?? null
    },
  }

  const wismo = {
    store,
    webhooks,
    workers,
    /** Support search and a shipment's full record, for the ops dashboard (see docs/dashboard.md). */
    ops: opsApi(store),
    eta: etaApi,
    carriers: carriers as ReadonlyMap<string, Carrier>,
    on: emitter.on.bind(emitter),
    once: emitter.once.bind(emitter),
    off: emitter.off.bind(emitter),

    /** Create or update an order (customer contact, locale, time zone, preferences). */
    async registerOrder(order: OrderInput): Promise<Order> {
      const parsed = parseInput(OrderInputSchema, order, 'order')
      const existing = await store.getOrder(parsed.id)
      return store.putOrder({ ...parsed, createdAt: existing?.createdAt ?? now().toISOString() })
    },

    async getOrder(id: string): Promise<Order> {
      const order = await store.getOrder(id)
      if (!order) throw new WismoError('ORDER_NOT_FOUND', `No order ${id}`, { details: { orderId: id } })
      return order
    },

    /**
     * The circuit breaker of a registered carrier in this process: `'closed'` (calls go through),
     * `'open'` (paused after repeated failures; polls go to a failover), `'half_open'` (one probe).
     * For health checks and dashboards. Throws `CARRIER_UNKNOWN` for an id not registered.
     */
    breakerState(carrierId: string): BreakerState {
      if (!carriers.has(carrierId))
        throw new WismoError('CARRIER_UNKNOWN', `No carrier registered with id "${carrierId}"`, {
          details: { carrier: carrierId },
        })
      return breakers.state(carrierId)
    },

    /** Ranked carrier candidates for a tracking number. */
    detectCarrier(trackingNumber: string): CarrierCandidate[] {
      return detectCarrier(trackingNumber, options.carriers)
    },

    /**
     * Register a shipment; the carrier is auto-detected when not given. When Wismo already tracks
     * that parcel (registered before, or first seen by a webhook or poll), registration attaches
     * what it brings — the order, promised date, features, metadata, the carrier's id, pieces — and
     * returns it; a parcel that belongs to another order is refused with `SHIPMENT_ORDER_CONFLICT`.
     */
    async registerShipment(request: RegisterShipmentInput): Promise<Shipment> {
      const parsed = parseInput(RegisterShipmentSchema, request, 'shipment')
      if (parsed.orderId) await wismo.getOrder(parsed.orderId)
      const { trackingNumber } = parsed
      const carrier = parsed.carrier ?? pickCarrier(trackingNumber)
      if (!carriers.has(carrier))
        throw new WismoError('CARRIER_UNKNOWN', `No carrier registered with id "${carrier}"`, {
          details: { carrier },
        })
      const key = { carrier, trackingNumber, carrierShipmentId: parsed.carrierShipmentId ?? null }
      for (let attempt = 1; ; attempt++) {
        const existing = await store.findShipment(key)
        if (existing) {
          const attach = (s: Shipment) => attachRegistration(s, parsed)
          return subscribe(await amendShipment(ingestContext, existing, attach, parsed.pieces))
        }
        const created = await createRegistered(key, parsed).catch((e: unknown) => {
          if (isWismoError(e, 'STORE_DUPLICATE') && attempt < 5) return null
          throw e
        })
        if (created) return subscribe(created)
      }
    },

    /**
     * Buy a label through the carrier and track what it ships, in one call: validates addresses
     * and parcels, quotes, picks the rate (`service`: a token, `'cheapest'` or `'fastest'`),
     * buys, registers the shipment on the order and starts tracking. Idempotent per order,
     * carrier, reference and parcels: a retry — also after a crash between purchase and storage —
     * never buys a second label (see docs/labels.md).
     */
    createShipment(request: CreateShipmentInput): Promise<CreatedShipment> {
      return createShipment(
        {
          store,
          carriers,
          now,
          registerShipment: (r) => wismo.registerShipment(r),
          ingestEstimates: async (shipment, label) => {
            const update = {
              carrier: shipment.carrier,
              trackingNumber: shipment.trackingNumber,
              carrierShipmentId: shipment.carrierShipmentId,
              source: 'manual' as const,
              events: [],
              ...(label.estimates ? { estimates: label.estimates } : {}),
            }
            await ingestUpdate(ingestContext, update)
            return (await store.getShipment(shipment.id)) ?? shipment
          },
        },
        request,
      )
    },

    /** Apply a carrier update (webhook, poll or manual). Idempotent and order-independent. */
    ingest(update: unknown): Promise<IngestResult> {
      return ingestUpdate(ingestContext, update)
    },

    /**
     * Apply many updates (a backfill, an import): each as `ingest` would, one shipment's in the
     * order given, `concurrency` shipments at a time (default 32) so the store commits them
     * together. Reports the count of each outcome and every failure with its update's index.
     */
    ingestMany(updates: readonly unknown[], opts: IngestManyOptions = {}): Promise<IngestManyReport> {
      return ingestMany((update) => ingestUpdate(ingestContext, update), updates, opts)
    },

    /** A shipment with its full timeline. */
    async getShipment(id: string): Promise<ShipmentView> {
      const shipment = await store.getShipment(id)
      if (!shipment)
        throw new WismoError('SHIPMENT_NOT_FOUND', `No shipment ${id}`, { details: { shipmentId: id } })
      return { shipment, timeline: await allEvents(store, id) }
    },

    async findShipment(carrier: string, trackingNumber: string): Promise<ShipmentView | null> {
      const shipment = await store.findShipment({
        carrier,
        trackingNumber: normalizeTrackingNumber(trackingNumber),
      })
      return shipment ? { shipment, timeline: await allEvents(store, shipment.id) } : null
    },

    /** All shipments of an order, oldest first. */
    async listShipments(orderId: string): Promise<Shipment[]> {
      const out: Shipment[] = []
      let cursor: string | null = null
      do {
        const page = await store.listShipments({ orderId, limit: 500, cursor })
        out.push(...page.items)
        cursor = page.nextCursor
      } while (cursor)
      return out
    },

    /** Customers' ratings of delivered shipments (the tracking page asks for them). */
    feedback: {
      /** The shipment's rating, if any, and whether it may still be given or changed. */
      async state(shipmentId: string): Promise<FeedbackState> {
        return feedbackState(await store.getFeedback(shipmentId), options.feedback, now())
      },
      /**
       * Rate a delivered shipment (1–5, optional comment), or change the rating within
       * `feedback.editableForMs`; emits `shipment.feedback`. Throws `INPUT_INVALID`,
       * `SHIPMENT_NOT_FOUND` (also for a shipment of another `orderId`) or `FEEDBACK_CLOSED`.
       * @example await wismo.feedback.submit({ shipmentId, orderId: 'A-1001', rating: 5, comment: 'Quick, thanks!' })
       */
      /** Ratings, by when they were last given or changed (oldest first), page by page. */
      list: (query: FeedbackQuery = {}) => store.listFeedback(query),
      submit(input: FeedbackInput): Promise<FeedbackState> {
        const emit: Parameters<typeof submitFeedback>[0]['emit'] = (event) =>
          emitter.emit('shipment.feedback', event)
        return submitFeedback({ store, now, emit, log }, options.feedback, input)
      },
    },

    /** The instance's clock (`createWismo({ clock })`, else the system's). */
    clock: now,
    /** The instance's logger (redacting its secrets), for packages that serve on its behalf. */
    log,
    /** Where tracking links point (`trackingLinks.baseUrl`, without a trailing slash), or `null` without them. */
    trackingLinkBaseUrl: links?.baseUrl ?? null,

    /** Customers' notification preferences (per order) and opt-outs (per recipient). */
    notifications: {
      /**
       * What the shop notifies on, for screens that let customers choose (the tracking page):
       * the channels with providers, the triggers that notify, the shop's quiet hours; `null`
       * without `createWismo({ notifications })`.
       */
      settings(): NotificationsSummary | null {
        if (!notify) return null
        return {
          channels: (Object.keys(notify.channels) as Channel[]).filter((c) => notify.channels[c]?.length),
          triggers: (Object.keys(notify.triggers) as NotificationTrigger[]).filter(
            (t) => (notify.triggers[t]?.length ?? 0) > 0,
          ),
          quietHours: notify.quietHours,
        }
      },
      /** The order's preferences: e-mail and SMS on or off, muted triggers. */
      async preferences(orderId: string): Promise<NotificationPreferences> {
        return (await wismo.getOrder(orderId)).preferences
      },
      /** Change an order's preferences; the next message follows them. */
      async setPreferences(
        orderId: string,
        change: Partial<NotificationPreferences>,
      ): Promise<NotificationPreferences> {
        const order = await wismo.getOrder(orderId)
        const preferences = parseInput(
          NotificationPreferencesSchema,
          { ...order.preferences, ...change },
          'preferences',
        )
        await store.putOrder({ ...order, preferences })
        return preferences
      },
      /** A recipient's own opt-outs (an SMS STOP is remembered here), or null. */
      recipient: (address: string) => store.getPreferences(address),
    },

    /**
     * A signed link to the order's tracking page, valid for `trackingLinks.ttlMs` (or `ttlMs`).
     * Throws `ORDER_NOT_FOUND` for an unknown order and `CONFIG_INVALID` without `trackingLinks`.
     * @example const url = await wismo.trackingLink('A-1001') // https://shop.example/track/o/v1.QS0xMDAx.…
     */
    async trackingLink(orderId: string, opts: { ttlMs?: number } = {}): Promise<string> {
      const order = await wismo.getOrder(orderId)
      return requireLinks().url(order.id, opts)
    },

    /**
     * What a tracking-page token grants: its order and expiry. Throws `TRACKING_LINK_INVALID`
     * (malformed, tampered, another secret) or `TRACKING_LINK_EXPIRED`.
     */
    openTrackingLink(token: string): Promise<TrackingGrant> {
      return requireLinks().verify(token)
    },

    /**
     * Run every worker in this process on its own cadence (polls, the outbox when `dispatch` is
     * given, notifications when configured, signals) until `stop`. Returns the worker id its
     * leases are held in. See docs/operations.md.
     * @example const { workerId } = wismo.start({ dispatch: async (row) => ({ providerMessageId: null }) })
     */
    start(opts: RuntimeOptions = {}): { workerId: string } {
      const started = runtime.start(opts, (settings, workerId) =>
        runtimeWorkers(settings, workerId, opts.dispatch),
      )
      dispatching = opts.dispatch !== undefined
      return started
    },

    /**
     * Stop the workers: no new work, passes in flight get `timeoutMs` (default 30 s) to finish,
     * every lease this process still holds is given back, then the store is closed.
     * @example process.once('SIGTERM', () => void wismo.stop({ timeoutMs: 10_000 }))
     */
    async stop(opts: { timeoutMs?: number } = {}): Promise<StopReport> {
      const report = await runtime.stop(opts.timeoutMs ?? 30_000)
      outboxGauge.stop()
      await store.close()
      return report
    },

    /** Liveness and readiness as `Request → Response` handlers (see docs/operations.md). */
    health: healthHandlers({
      store,
      now,
      settings: options.health,
      runtime: () => runtime.state,
      outboxTopics: () => (dispatching ? undefined : { prefix: NOTIFY_TOPIC_PREFIX }),
      breakers: () => Object.fromEntries([...carriers.keys()].map((id) => [id, breakers.state(id)])),
    }),

    close: () => store.close(),
  }

  /** The workers `start` runs: each pass says whether it found a full batch. */
  function runtimeWorkers(
    settings: RuntimeSettings,
    workerId: string,
    dispatch: RuntimeOptions['dispatch'],
  ): Worker[] {
    const BATCH = 50
    let signalCursor: string | null = null
    const list: Worker[] = [
      {
        name: 'polls',
        everyMs: settings.every.polls,
        pass: async (signal) => (await workers.pollDue({ workerId, limit: BATCH, signal })).claimed >= BATCH,
      },
      {
        name: 'signals',
        everyMs: settings.every.signals,
        pass: async () => {
          const report = await workers.detectSignals({ workerId, cursor: signalCursor })
          signalCursor = report.nextCursor
          return signalCursor !== null
        },
      },
    ]
    if (dispatch)
      list.push({
        name: 'dispatch',
        everyMs: settings.every.dispatch,
        pass: async (signal) =>
          (await workers.dispatchOutbox({ workerId, handle: dispatch, limit: BATCH, signal })).claimed >=
          BATCH,
      })
    list.push({
      name: 'archive',
      everyMs: settings.every.archive,
      pass: async (signal) => {
        await pruneArchive(store, options.archive, now, signal)
        return false
      },
    })
    // Keeps the outbox gauges (`wismo.outbox.depth`, `.age`) current; cheap, one indexed query.
    list.push({
      name: 'outbox-gauge',
      everyMs: settings.every.dispatch,
      pass: async () => {
        await outboxGauge.refresh()
        return false
      },
    })
    if (notify)
      list.push({
        name: 'notify',
        everyMs: settings.every.notify,
        pass: async (signal) => (await workers.notify({ workerId, limit: BATCH, signal })).claimed >= BATCH,
      })
    return list
  }

  function requireLinks() {
    if (!links)
      throw new WismoError(
        'CONFIG_INVALID',
        'Tracking links need createWismo({ trackingLinks: { secret, baseUrl } })',
        {
          details: { option: 'trackingLinks' },
        },
      )
    return links
  }

  /**
   * Ask the shipment's carrier to push its updates when it can (`capabilities.register`), unless
   * a subscription is running and not about to end; keeps when it ends in the shipment's metadata
   * (`wismo.push_until`). A carrier that refuses is logged; the shipment is polled as before.
   */
  async function subscribe(shipment: Shipment): Promise<Shipment> {
    const carrier = carriers.get(shipment.carrier)
    const running = shipment.metadata[PUSH_UNTIL_KEY] !== undefined && !subscriptionDue(shipment, now())
    if (!carrier?.capabilities.register || running || TERMINAL_STATUSES.includes(shipment.status))
      return shipment
    const until = await subscribePush(carrier, shipment, log)
    if (!until) return shipment
    return amendShipment(ingestContext, shipment, (s) => ({
      ...s,
      metadata: { ...s.metadata, [PUSH_UNTIL_KEY]: until },
    }))
  }

  /** A new shipment from a registration (polled from now on when the carrier can track). */
  async function createRegistered(
    key: { carrier: string; trackingNumber: string; carrierShipmentId: string | null },
    parsed: RegisterShipment,
  ): Promise<Shipment> {
    const at = now().toISOString()
    const base = orphanShipment({ ...key, source: 'manual', events: [] }, at)
    const { pieces } = shipmentState([], parsed.pieces ?? [], key.trackingNumber)
    const shipment: Shipment = {
      ...base,
      ...(attachRegistration(base, parsed) ?? base),
      direction: parsed.direction,
      ...(pieces ? { pieces } : {}),
    }
    const polls = carriers.get(key.carrier)?.capabilities.track ?? false
    const { shipment: saved } = await store.commit({
      shipment,
      expectedVersion: null,
      events: [],
      outbox: [],
      nextPollAt: polls ? at : null,
    })
    const order = saved.orderId ? await store.getOrder(saved.orderId) : null
    const waiting = inFlightOf(saved, [], order?.createdAt ?? null, eta?.postalAreaLength)
    if (waiting) eta?.track(waiting)
    try {
      emitter.emit('shipment.created', { shipment: saved })
    } catch (error) {
      // A listener's bug never fails a registration that is stored.
      log.error({ event: 'shipment.created', shipmentId: saved.id, error }, 'a Wismo event listener threw')
    }
    return saved
  }

  function pickCarrier(trackingNumber: string): string {
    const candidates = detectCarrier(trackingNumber, options.carriers)
    const usable = candidates.filter((c) => c.registered && c.confidence >= options.detectionThreshold)
    const [best, second] = usable
    if (!best)
      throw new WismoError(
        'CARRIER_UNKNOWN',
        'No registered carrier recognises this tracking number; pass `carrier`',
        {
          details: { candidates },
        },
      )
    if (second && best.confidence - second.confidence < 0.1)
      throw new WismoError(
        'CARRIER_AMBIGUOUS',
        `Tracking number matches ${best.carrier} and ${second.carrier}; pass \`carrier\``,
        {
          details: { candidates },
        },
      )
    return best.carrier
  }

  return wismo
}

export type Wismo = ReturnType<typeof createWismo>
