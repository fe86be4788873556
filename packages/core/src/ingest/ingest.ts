import type { EventEmitter } from 'eventemitter3'
import { parseInput } from '../define/options.ts'
import { withoutEchoes } from '../domain/dedup.ts'
import {
  type ParsedTrackingUpdate,
  type Shipment,
  type TrackingEvent,
  TrackingUpdateSchema,
} from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import { isWismoError, WismoError } from '../errors.ts'
import { SIGNAL_EVENTS, STATUS_EVENTS, type WismoEvents } from '../events.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import { TELEMETRY_ATTRIBUTES as A } from '../telemetry/attributes.ts'
import { noopTelemetry, type Telemetry } from '../telemetry/telemetry.ts'
import { newId } from '../util/ids.ts'
import type { SerialByKey } from '../util/serial-by-key.ts'
import type { EtaRuntime } from './eta-runtime.ts'
import { allEvents } from './events.ts'
import type { HistoryCache } from './history-cache.ts'
import { frozenEvent, HistoryView } from './history-view.ts'
import { type IngestPlan, planStep } from './plan.ts'
import { scanKey } from './scan-keys.ts'

export interface IngestContext {
  store: WismoStore
  carrierIds: ReadonlySet<string>
  emitter: EventEmitter<WismoEvents>
  log: Logger
  now: () => Date
  /** What to do with a carrier's updates for numbers never registered: create an orphan shipment, or ignore. */
  unknownShipments: (carrier: string) => 'create' | 'ignore'
  /** The instance's ETA model; without it the ETA blends carrier dates and the promise only. */
  eta?: EtaRuntime | null
  /** `wismo.ingest` spans and `wismo.ingest.duration`; none recorded without it. */
  telemetry?: Telemetry
  /** Histories of recently ingested shipments by version; without it every ingest reads the history. */
  history?: HistoryCache
  /**
   * Ingests of one carrier + tracking number one after another within this instance; without it
   * they run at once and the loser of a version race retries.
   */
  serial?: SerialByKey
}

export type IngestOutcome = 'created' | 'updated' | 'duplicate' | 'ignored'

export interface IngestResult {
  outcome: IngestOutcome
  shipment: Shipment | null
  newEvents: TrackingEvent[]
}

const MAX_ATTEMPTS = 20

/** The status a committed ingest found, for its span (`from` → `to`), kept off the public result. */
const previousStatus = new WeakMap<IngestResult, Status>()

/**
 * dedup → merge → state machine → one atomic store write → typed events. A lost version race
 * re-reads and re-applies, so concurrent ingests of one shipment lose no update.
 */
export async function ingestUpdate(ctx: IngestContext, raw: unknown): Promise<IngestResult> {
  const update = parseInput(TrackingUpdateSchema, raw, 'tracking update')
  const telemetry = ctx.telemetry ?? noopTelemetry
  const started = performance.now()
  const measured = { carrier: update.carrier, source: update.source }
  const attributes = { [A.carrier]: update.carrier, [A.source]: update.source }
  return telemetry.span('wismo.ingest', attributes, async (span) => {
    try {
      const result = await ingestParsed(ctx, update)
      if (span.isRecording()) span.setAttributes(resultAttributes(result))
      telemetry.record.ingestDuration(performance.now() - started, { ...measured, outcome: result.outcome })
      return result
    } catch (error) {
      telemetry.record.ingestDuration(performance.now() - started, { ...measured, outcome: 'error' })
      throw error
    }
  })
}

function resultAttributes(result: IngestResult) {
  const { shipment } = result
  const from = previousStatus.get(result)
  return {
    [A.outcome]: result.outcome,
    [A.newEvents]: result.newEvents.length,
    ...(shipment ? { [A.shipmentId]: shipment.id, [A.statusTo]: shipment.status } : {}),
    ...(shipment?.orderId ? { [A.orderId]: shipment.orderId } : {}),
    ...(from ? { [A.statusFrom]: from } : {}),
  }
}

async function ingestParsed(ctx: IngestContext, update: ParsedTrackingUpdate): Promise<IngestResult> {
  if (!ctx.carrierIds.has(update.carrier))
    throw new WismoError('CARRIER_UNKNOWN', `No carrier registered with id "${update.carrier}"`, {
      details: { carrier: update.carrier },
    })
  if (!ctx.serial) return ingestChecked(ctx, update)
  return ctx.serial(serialKey(update.carrier, update.trackingNumber), () => ingestChecked(ctx, update))
}

/**
 * Ingest with version races retried. Within one instance ingests of a number wait for each other
 * (`ctx.serial`), so a race is with another process, or with a shipment reached by another
 * number (an aggregator's update filed under the carrier's).
 */
async function ingestChecked(ctx: IngestContext, update: ParsedTrackingUpdate): Promise<IngestResult> {
  const receivedAt = ctx.now().toISOString()
  const incoming = await toEvents(update, receivedAt)
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptIngest(ctx, update, incoming)
    } catch (e) {
      const raced = isWismoError(e, 'STORE_CONFLICT') || isWismoError(e, 'STORE_DUPLICATE')
      if (!raced || attempt >= MAX_ATTEMPTS) throw e
      ctx.log.debug({ attempt, carrier: update.carrier }, 'ingest lost a version race; retrying')
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)))
    }
  }
}

/** The update's scans as events to store: dedup key (hashed at once where the runtime can), receipt, source. */
function toEvents(
  update: ParsedTrackingUpdate,
  receivedAt: string,
): Omit<TrackingEvent, 'shipmentId'>[] | Promise<Omit<TrackingEvent, 'shipmentId'>[]> {
  let pending = false
  const events = update.events.map(({ piece, ...e }) => {
    const dedupKey = scanKey({ ...e, piece })
    if (typeof dedupKey !== 'string') pending = true
    return {
      ...e,
      subStatus: e.subStatus ?? null,
      location: e.location ?? null,
      providerEventId: e.providerEventId ?? null,
      ...(piece ? { piece } : {}),
      dedupKey,
      receivedAt,
      source: update.source,
      ...(update.via && update.via !== update.carrier ? { via: update.via } : {}),
    }
  })
  if (!pending) return events as Omit<TrackingEvent, 'shipmentId'>[]
  return Promise.all(events.map(async (e) => ({ ...e, dedupKey: await e.dedupKey })))
}

async function attemptIngest(
  ctx: IngestContext,
  update: ParsedTrackingUpdate,
  incoming: Omit<TrackingEvent, 'shipmentId'>[],
): Promise<IngestResult> {
  const { shipment: found, update: filed } = await findFor(ctx, update)
  if (filed !== update) return attemptFiled(ctx, found as Shipment, filed, incoming)
  if (!found && ctx.unknownShipments(update.carrier) === 'ignore')
    return { outcome: 'ignored', shipment: null, newEvents: [] }
  const adopt = !!found && found.carrierShipmentId === null && !!update.carrierShipmentId
  const current = found
    ? { ...found, carrierShipmentId: found.carrierShipmentId ?? update.carrierShipmentId ?? null }
    : orphanShipment(update, ctx.now().toISOString())
  return commitPlan(ctx, found, current, update, incoming, adopt)
}

/**
 * Plan and commit one change of a shipment: `found` as stored (null: create `current`), `current`
 * with the caller's own changes, the update's scans. Emits the typed events after the commit.
 */
async function commitPlan(
  ctx: IngestContext,
  found: Shipment | null,
  current: Shipment,
  update: ParsedTrackingUpdate,
  fromUpdate: readonly Omit<TrackingEvent, 'shipmentId'>[],
  changed: boolean,
): Promise<IngestResult> {
  const view = found ? await historyOf(ctx, found) : HistoryView.of([], [], current.trackingNumber)
  // A scan another adapter already reported (an aggregator and the carrier, a failover) is kept once.
  const relayed = view.relayed || fromUpdate.some((e) => e.via)
  const incoming = relayed ? withoutEchoes(view.events, fromUpdate, current.carrier) : fromUpdate
  const order = current.orderId ? await ctx.store.getOrder(current.orderId) : null
  const eta = ctx.eta ? await ctx.eta.context() : undefined
  const step = planStep(
    {
      current,
      stored: found !== null,
      incoming: incoming.map((e) => ({ ...e, shipmentId: current.id })),
      update,
      now: ctx.now().toISOString(),
      purchasedAt: order?.createdAt ?? null,
      changed,
      ...(eta ? { eta } : {}),
    },
    view,
  )
  if (!step) return { outcome: 'duplicate', shipment: found ?? current, newEvents: [] }
  const { plan } = step
  await ctx.store.commit({
    shipment: plan.next,
    expectedVersion: found ? found.version : null,
    events: plan.newEvents,
    outbox: plan.outbox,
    delivery: plan.delivery,
    ...(plan.nextPollAt !== undefined ? { nextPollAt: plan.nextPollAt } : {}),
  })
  ctx.history?.set(plan.next.id, plan.next.version, step.view)
  if (plan.delivery && plan.completesDelivery) ctx.eta?.learn(plan.delivery)
  if (plan.inFlight) ctx.eta?.track(plan.inFlight)
  else if (plan.inFlight === null) ctx.eta?.forget(plan.next.id)
  emitChanges(ctx, found, plan)
  const result: IngestResult = {
    outcome: found ? 'updated' : 'created',
    shipment: plan.next,
    newEvents: plan.newEvents,
  }
  previousStatus.set(result, found?.status ?? 'pending')
  return result
}

/** The stored history of `shipment` at its version: from the cache when held, else from the store. */
async function historyOf(ctx: IngestContext, shipment: Shipment): Promise<HistoryView> {
  const held = ctx.history?.get(shipment.id, shipment.version)
  if (held) return held
  const events = await allEvents(ctx.store, shipment.id)
  const pieces = shipment.pieces?.map((p) => p.trackingNumber) ?? []
  const view = HistoryView.of(events.map(frozenEvent), pieces, shipment.trackingNumber)
  ctx.history?.set(shipment.id, shipment.version, view)
  return view
}

/**
 * Change a stored shipment's own fields (the host's registration linking it to an order, pieces it
 * declares) through the same plan as a carrier update, so status, pieces, ETA, delivery record and
 * outbox stay consistent. `amend` returns the changed shipment, or `null` when it changes nothing;
 * it may throw (e.g. `SHIPMENT_ORDER_CONFLICT`). It waits in the same per-number queue as this
 * instance's ingests of that parcel, so it does not race them; a version race with another
 * process re-reads and re-applies.
 */
export async function amendShipment(
  ctx: IngestContext,
  shipment: Pick<Shipment, 'id' | 'carrier' | 'trackingNumber'>,
  amend: (stored: Shipment) => Shipment | null,
  pieces: readonly string[] = [],
): Promise<Shipment> {
  const amended = () => amendChecked(ctx, shipment.id, amend, pieces)
  // A shipment's carrier and number never change, so the caller's copy names its queue.
  const key = serialKey(shipment.carrier, shipment.trackingNumber)
  return ctx.serial ? ctx.serial(key, amended) : amended()
}

async function amendChecked(
  ctx: IngestContext,
  id: string,
  amend: (stored: Shipment) => Shipment | null,
  pieces: readonly string[],
): Promise<Shipment> {
  for (let attempt = 1; ; attempt++) {
    // Read inside the queue: an ingest ahead of this call may have changed the shipment.
    const found = await ctx.store.getShipment(id)
    if (!found)
      throw new WismoError('SHIPMENT_NOT_FOUND', `No shipment ${id}`, { details: { shipmentId: id } })
    const current = amend(found)
    if (current === null && pieces.every((p) => found.pieces?.some((x) => x.trackingNumber === p)))
      return found
    const update: ParsedTrackingUpdate = {
      carrier: found.carrier,
      trackingNumber: found.trackingNumber,
      source: 'manual',
      events: [],
      ...(pieces.length ? { pieces: [...pieces] } : {}),
    }
    try {
      const result = await commitPlan(ctx, found, current ?? found, update, [], current !== null)
      return result.shipment ?? found
    } catch (e) {
      if (!isWismoError(e, 'STORE_CONFLICT') || attempt >= MAX_ATTEMPTS) throw e
    }
  }
}

/** The per-number queue's key: ingests and amendments of one carrier's number wait for each other. */
const serialKey = (carrier: string, trackingNumber: string) => `${carrier}\u0000${trackingNumber}`

/**
 * The shipment an update belongs to, by the identity rule (see `WismoStore.findShipment`): the
 * carrier's own id when a shipment has it, else the one live parcel with that number. A shipment
 * without the carrier's id adopts it (the caller writes it).
 */
async function findFor(
  ctx: IngestContext,
  update: ParsedTrackingUpdate,
): Promise<{ shipment: Shipment | null; update: ParsedTrackingUpdate }> {
  const own = await ctx.store.findShipment({
    carrier: update.carrier,
    trackingNumber: update.trackingNumber,
    carrierShipmentId: update.carrierShipmentId ?? null,
  })
  const moving = update.trackingCarrier
  if (own || !moving || moving === update.carrier || !ctx.carrierIds.has(moving))
    return { shipment: own, update }
  // An aggregator's update for a parcel the host tracks under the carrier that moves it: filed
  // there, as a scan of another source (the aggregator's tracker id is not that shipment's id).
  const direct = await ctx.store.findShipment({ carrier: moving, trackingNumber: update.trackingNumber })
  if (!direct) return { shipment: null, update }
  const { carrierShipmentId: _theirs, trackingCarrier: _moving, ...rest } = update
  return { shipment: direct, update: { ...rest, carrier: direct.carrier, via: update.via ?? update.carrier } }
}

/** Ingest an update filed under another carrier's shipment (see `findFor`); its scans carry `via`. */
function attemptFiled(
  ctx: IngestContext,
  shipment: Shipment,
  update: ParsedTrackingUpdate,
  incoming: Omit<TrackingEvent, 'shipmentId'>[],
): Promise<IngestResult> {
  const via = update.via ?? undefined
  const events = incoming.map((e) => (via && via !== shipment.carrier ? { ...e, via } : e))
  return commitPlan(ctx, shipment, shipment, update, events, false)
}

/** A shipment first seen through a carrier update, not registered by the host. */
export function orphanShipment(update: ParsedTrackingUpdate, now: string): Shipment {
  return {
    id: newId('shp'),
    orderId: null,
    carrier: update.carrier,
    trackingNumber: update.trackingNumber,
    carrierShipmentId: update.carrierShipmentId ?? null,
    service: update.service ?? null,
    origin: update.origin ?? null,
    destination: update.destination ?? null,
    direction: 'outbound',
    status: 'pending',
    subStatus: null,
    statusChangedAt: null,
    lastEventAt: null,
    eta: null,
    promisedDate: null,
    metadata: {},
    version: 0,
    createdAt: now,
    updatedAt: now,
  }
}

/** Listener errors are the host's bugs: log them, never undo or fail a committed ingest. */
function emitChanges(ctx: IngestContext, previous: Shipment | null, plan: IngestPlan): void {
  const { next: shipment, newEvents } = plan
  const emit = <K extends keyof WismoEvents>(name: K, payload: Parameters<WismoEvents[K]>[0]) => {
    try {
      ;(ctx.emitter.emit as (n: string, p: unknown) => boolean)(name, payload)
    } catch (error) {
      ctx.log.error({ event: name, shipmentId: shipment.id, error }, 'a Wismo event listener threw')
    }
  }
  const change = { shipment, previous, newEvents }
  if (!previous) emit('shipment.created', { shipment })
  emit('shipment.updated', change)
  const from = previous?.status ?? 'pending'
  if (from !== shipment.status) {
    const statusChange = { ...change, from, to: shipment.status }
    emit('shipment.status_changed', statusChange)
    const extra = STATUS_EVENTS[shipment.status]
    if (extra) emit(extra, statusChange)
  }
  if (JSON.stringify(previous?.eta?.best ?? null) !== JSON.stringify(shipment.eta?.best ?? null))
    emit('shipment.eta_changed', change)
  for (const signal of plan.signals)
    emit(SIGNAL_EVENTS[signal.type], { shipment, signal: signal.type, at: signal.at, reason: signal.reason })
}
