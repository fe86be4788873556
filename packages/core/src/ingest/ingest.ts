import type { EventEmitter } from 'eventemitter3'
import { parseInput } from '../define/options.ts'
import { dedupKey } from '../domain/dedup.ts'
import {
  type ParsedTrackingUpdate,
  type Shipment,
  type TrackingEvent,
  TrackingUpdateSchema,
} from '../domain/schemas.ts'
import { isWismoError, WismoError } from '../errors.ts'
import { SIGNAL_EVENTS, STATUS_EVENTS, type WismoEvents } from '../events.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import { newId } from '../util/ids.ts'
import type { EtaRuntime } from './eta-runtime.ts'
import { allEvents } from './events.ts'
import { type IngestPlan, planIngest } from './plan.ts'

export interface IngestContext {
  store: WismoStore
  carrierIds: ReadonlySet<string>
  emitter: EventEmitter<WismoEvents>
  log: Logger
  now: () => Date
  /** What to do with updates for numbers never registered: create an orphan shipment, or ignore. */
  unknownShipments: 'create' | 'ignore'
  /** The instance's ETA model; without it the ETA blends carrier dates and the promise only. */
  eta?: EtaRuntime | null
}

export type IngestOutcome = 'created' | 'updated' | 'duplicate' | 'ignored'

export interface IngestResult {
  outcome: IngestOutcome
  shipment: Shipment | null
  newEvents: TrackingEvent[]
}

const MAX_ATTEMPTS = 20

/**
 * dedup → merge → state machine → one atomic store write → typed events. A lost version race
 * re-reads and re-applies, so concurrent ingests of one shipment lose no update.
 */
export async function ingestUpdate(ctx: IngestContext, raw: unknown): Promise<IngestResult> {
  const update = parseInput(TrackingUpdateSchema, raw, 'tracking update')
  if (!ctx.carrierIds.has(update.carrier))
    throw new WismoError('CARRIER_UNKNOWN', `No carrier registered with id "${update.carrier}"`, {
      details: { carrier: update.carrier },
    })
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

async function toEvents(
  update: ParsedTrackingUpdate,
  receivedAt: string,
): Promise<Omit<TrackingEvent, 'shipmentId'>[]> {
  return Promise.all(
    update.events.map(async (e) => ({
      ...e,
      subStatus: e.subStatus ?? null,
      location: e.location ?? null,
      providerEventId: e.providerEventId ?? null,
      dedupKey: await dedupKey(update.carrier, update.trackingNumber, e),
      receivedAt,
      source: update.source,
    })),
  )
}

async function attemptIngest(
  ctx: IngestContext,
  update: ParsedTrackingUpdate,
  incoming: Omit<TrackingEvent, 'shipmentId'>[],
): Promise<IngestResult> {
  const now = ctx.now().toISOString()
  const found = await findFor(ctx.store, update)
  if (!found && ctx.unknownShipments === 'ignore')
    return { outcome: 'ignored', shipment: null, newEvents: [] }
  const current = found ?? orphanShipment(update, now)
  const history = found ? await allEvents(ctx.store, found.id) : []
  const order = current.orderId ? await ctx.store.getOrder(current.orderId) : null
  const eta = ctx.eta ? await ctx.eta.context() : undefined
  const plan = planIngest({
    current,
    stored: found !== null,
    history,
    incoming: incoming.map((e) => ({ ...e, shipmentId: current.id })),
    update,
    now,
    purchasedAt: order?.createdAt ?? null,
    ...(eta ? { eta } : {}),
  })
  if (!plan) return { outcome: 'duplicate', shipment: current, newEvents: [] }
  await ctx.store.commit({
    shipment: plan.next,
    expectedVersion: found ? found.version : null,
    events: plan.newEvents,
    outbox: plan.outbox,
    delivery: plan.delivery,
    ...(plan.nextPollAt !== undefined ? { nextPollAt: plan.nextPollAt } : {}),
  })
  if (plan.delivery && plan.completesDelivery) ctx.eta?.learn(plan.delivery)
  if (plan.inFlight) ctx.eta?.track(plan.inFlight)
  else if (plan.inFlight === null) ctx.eta?.forget(plan.next.id)
  emitChanges(ctx, found, plan)
  return { outcome: found ? 'updated' : 'created', shipment: plan.next, newEvents: plan.newEvents }
}

/**
 * The shipment an update belongs to. An update carrying the carrier's own shipment id also
 * matches a shipment registered by number alone (the host rarely knows that id), and adopts it.
 */
async function findFor(store: WismoStore, update: ParsedTrackingUpdate): Promise<Shipment | null> {
  const exact = await store.findShipment(update)
  if (exact || !update.carrierShipmentId) return exact
  const byNumber = await store.findShipment({
    carrier: update.carrier,
    trackingNumber: update.trackingNumber,
  })
  return byNumber && { ...byNumber, carrierShipmentId: update.carrierShipmentId }
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
