import { shipmentState } from '../domain/pieces.ts'
import type { ParsedTrackingUpdate, Shipment, TrackingEvent } from '../domain/schemas.ts'
import { isPlausibleScan } from '../domain/state-machine.ts'
import { TERMINAL_STATUSES } from '../domain/status.ts'
import { timeKey } from '../domain/time.ts'
import { laneOfShipment } from '../eta/estimate.ts'
import type { SignalEvent } from '../eta/signals.ts'
import type { DeliveredRecord, InFlightRecord } from '../eta/types.ts'
import type { OutboxRowInput } from '../store/contract.ts'
import { type EtaContext, etaStep } from './eta-step.ts'
import { frozenEvent, HistoryView } from './history-view.ts'

/** What one ingest will write, computed without side effects. */
export interface IngestPlan {
  next: Shipment
  newEvents: TrackingEvent[]
  outbox: OutboxRowInput[]
  /** The delivery record to store; `null` removes one the stored history had; `undefined` leaves it. */
  delivery: DeliveredRecord | null | undefined
  /** True when this ingest is the one that moved the shipment to delivered (the model learns it once). */
  completesDelivery: boolean
  nextPollAt: string | null | undefined
  /** Signals that newly fired (their outbox rows are in `outbox`). */
  signals: SignalEvent[]
  /**
   * What the model should count as still in flight (censored) after this ingest: the shipment's
   * record while it is on its way; `null` once it will not arrive (returned, cancelled, expired,
   * lost, returning to sender), so the model forgets it; `undefined` when delivered (the model
   * learns the delivery instead).
   */
  inFlight: InFlightRecord | null | undefined
}

export interface PlanInput {
  current: Shipment
  /** Whether `current` is already stored (false: this ingest creates it). */
  stored: boolean
  history: readonly TrackingEvent[]
  incoming: readonly TrackingEvent[]
  update: ParsedTrackingUpdate
  now: string
  purchasedAt: string | null
  /** The caller changed `current` itself (adopted the carrier's id): write even when nothing else changes. */
  changed?: boolean
  /** The instance's ETA model and options; without it the ETA blends carrier dates and the promise only. */
  eta?: EtaContext
}

/**
 * Merge the incoming scans into the stored history, derive the new state and list what to
 * write. Returns `null` when nothing changes (all scans known, no new estimate), which is what
 * makes redelivered webhooks and repeated polls no-ops.
 */
export function planIngest(input: PlanInput): IngestPlan | null {
  const view = HistoryView.of(input.history, pieceNumbersOf(input.current), input.current.trackingNumber)
  return planStep(input, view)?.plan ?? null
}

/**
 * {@link planIngest} on a {@link HistoryView} of the stored history (`input.history` is not read):
 * the plan and the view of the history after it.
 */
export function planStep(
  input: Omit<PlanInput, 'history'>,
  view: HistoryView,
): { plan: IngestPlan; view: HistoryView } | null {
  const { current, update, now } = input
  const newEvents = view.fresh(input.incoming)
  const declared = [...pieceNumbersOf(current), ...(update.pieces ?? [])]
  const before = view.stateWith(pieceNumbersOf(current))
  const nextView = view.with(newEvents.map(frozenEvent), declared)
  const after = nextView.stateWith(declared)
  const { state } = after
  const derived: Shipment = {
    ...withPieces(current, after.pieces),
    status: state.status,
    subStatus: state.subStatus,
    statusChangedAt: state.statusChangedAt,
    lastEventAt: state.lastEventAt,
    service: current.service ?? update.service ?? null,
    origin: current.origin ?? update.origin ?? null,
    destination: current.destination ?? update.destination ?? null,
  }
  const { plausible } = nextView
  const eta = etaStep({
    shipment: derived,
    history: plausible,
    carrierEstimates: update.estimates ?? [],
    purchasedAt: input.purchasedAt,
    now,
    ...(input.eta ? { context: input.eta } : {}),
  })
  const piecesChanged = JSON.stringify(current.pieces) !== JSON.stringify(derived.pieces)
  if (input.stored && newEvents.length === 0 && !eta.changed && !piecesChanged && !input.changed) return null
  const next: Shipment = {
    ...derived,
    eta: eta.eta,
    version: input.stored ? current.version + 1 : current.version,
    updatedAt: now,
  }
  const postalAreaLength = input.eta?.estimate?.postalAreaLength
  const plan: IngestPlan = {
    next,
    newEvents,
    outbox: [...statusRows(current, next, state.statusEventKey, input.stored), ...eta.outbox],
    delivery:
      deliveryRecord(next, plausible, after.deliveredAt, input.purchasedAt, postalAreaLength) ??
      (before.deliveredAt === null ? undefined : null),
    completesDelivery: before.deliveredAt === null && after.deliveredAt !== null,
    nextPollAt: TERMINAL_STATUSES.includes(next.status) ? null : undefined,
    signals: eta.fired,
    inFlight: inFlightAmong(next, plausible, input.purchasedAt, postalAreaLength, after.deliveredAt),
  }
  return { plan, view: nextView }
}

/** The piece numbers a shipment already knows. */
const pieceNumbersOf = (s: Shipment): string[] => s.pieces?.map((p) => p.trackingNumber) ?? []

/** `shipment` with these pieces (the key left out for a single parcel, as stores return it). */
function withPieces(shipment: Shipment, pieces: Shipment['pieces']): Shipment {
  const { pieces: _old, ...rest } = shipment
  return pieces ? { ...rest, pieces } : rest
}

/**
 * The model's view of a shipment still on its way; see {@link IngestPlan.inFlight}. `deliveredAt`
 * is derived from the history unless the caller has it already.
 */
export function inFlightOf(
  shipment: Shipment,
  history: readonly TrackingEvent[],
  purchasedAt: string | null,
  postalAreaLength = 0,
  deliveredAt = shipmentState(history, pieceNumbersOf(shipment), shipment.trackingNumber).deliveredAt,
): InFlightRecord | null | undefined {
  return inFlightAmong(shipment, history.filter(isPlausibleScan), purchasedAt, postalAreaLength, deliveredAt)
}

/** {@link inFlightOf} given the plausible scans of the history, in history order. */
function inFlightAmong(
  shipment: Shipment,
  plausible: readonly TrackingEvent[],
  purchasedAt: string | null,
  postalAreaLength: number | undefined,
  deliveredAt: string | null,
): InFlightRecord | null | undefined {
  if (deliveredAt !== null) return undefined
  const ended =
    TERMINAL_STATUSES.includes(shipment.status) ||
    shipment.status === 'expired' ||
    WONT_ARRIVE.includes(shipment.subStatus ?? '')
  return ended ? null : laneRecord(shipment, plausible, purchasedAt, postalAreaLength ?? 0)
}

/** Sub-statuses after which a parcel is not expected at its destination (counting it would fatten the tail). */
const WONT_ARRIVE = ['lost', 'returning_to_sender']

/** One outbox row per status change; its key makes a replayed change enqueue nothing. */
function statusRows(
  prev: Shipment,
  next: Shipment,
  eventKey: string | null,
  stored: boolean,
): OutboxRowInput[] {
  if (stored && prev.status === next.status) return []
  if (!stored && next.status === 'pending') return []
  return [
    {
      idempotencyKey: `${next.id}:status:${next.status}:${eventKey ?? 'none'}`,
      shipmentId: next.id,
      topic: 'shipment.status_changed',
      payload: {
        shipmentId: next.id,
        orderId: next.orderId,
        from: stored ? prev.status : null,
        to: next.status,
        subStatus: next.subStatus,
        at: next.statusChangedAt,
      },
    },
  ]
}

/**
 * The delivery the ETA model learns from, derived from the whole history (so a late-arriving
 * earlier scan still corrects `handedOverAt`, and arrival order cannot change it). A parcel that
 * was delivered and later returned keeps its record.
 */
function deliveryRecord(
  next: Shipment,
  history: readonly TrackingEvent[],
  deliveredAt: string | null,
  purchasedAt: string | null,
  postalAreaLength = 0,
): DeliveredRecord | null {
  if (!deliveredAt) return null
  return {
    ...laneRecord(next, history, purchasedAt, postalAreaLength),
    deliveredAt: toInstant(deliveredAt),
    promisedDate: next.promisedDate,
  }
}

/**
 * Identity, lane, features and milestones of a shipment, the lane built by `laneOfShipment` as
 * when the model is asked (so a postal area learned is a postal area asked).
 */
function laneRecord(
  next: Shipment,
  history: readonly TrackingEvent[],
  purchasedAt: string | null,
  postalAreaLength: number,
): InFlightRecord {
  const firstMove = history.find((e) => e.status !== 'pending' && e.status !== 'info_received')
  return {
    ...laneOfShipment(next, postalAreaLength),
    shipmentId: next.id,
    purchasedAt,
    handedOverAt: firstMove ? toInstant(firstMove.occurredAt) : null,
  }
}

function toInstant(carrierTime: string): string {
  return new Date(timeKey(carrierTime)).toISOString()
}
