/**
 * The ETA step of an ingest (and of the signals worker): estimate the shipment's `eta` with the
 * blend rule and the model, run the signal detector on it and list the outbox rows of signals
 * that newly fired. Pure: a deterministic function of the shipment, its history, the update's
 * carrier estimates, the model's state and `now`.
 */

import type { z } from 'zod'
import type { Eta, EtaEstimate, ParsedTrackingUpdate, Shipment, TrackingEvent } from '../domain/schemas.ts'
import { localDate } from '../domain/time.ts'
import {
  type EtaOptions,
  estimateEta,
  laneOfShipment,
  parseEtaOptions,
  promiseRisk,
} from '../eta/estimate.ts'
import type { TransitModel } from '../eta/model.ts'
import {
  detectSignals,
  type SignalEvent,
  type SignalOptionsSchema,
  stallThresholdHours,
} from '../eta/signals.ts'
import { SIGNAL_EVENTS } from '../events.ts'
import type { OutboxRowInput } from '../store/contract.ts'

/** What the ETA step needs besides the shipment: the instance's model (if any) and options. */
export interface EtaContext {
  model: TransitModel | null
  estimate?: EtaOptions
  signals?: z.input<typeof SignalOptionsSchema>
}

export interface EtaStepInput {
  /** The shipment with its new state; `eta` is the stored (previous) one. */
  shipment: Shipment
  history: readonly TrackingEvent[]
  carrierEstimates: NonNullable<ParsedTrackingUpdate['estimates']>
  purchasedAt: string | null
  now: string
  context?: EtaContext
}

export interface EtaStep {
  /** The new ETA; equal (`===`) to the stored one when nothing but `madeAt` would change. */
  eta: Eta | null
  changed: boolean
  fired: SignalEvent[]
  outbox: OutboxRowInput[]
}

/**
 * @example
 * const step = etaStep({ shipment, history, carrierEstimates: update.estimates ?? [], purchasedAt, now, context: { model } })
 * if (step.changed) next.eta = step.eta
 */
export function etaStep(input: EtaStepInput): EtaStep {
  const { shipment, now } = input
  const model = input.context?.model ?? null
  const options = input.context?.estimate
  const etaShipment = { ...shipment, purchasedAt: input.purchasedAt }
  const estimated = estimateEta({
    shipment: etaShipment,
    events: input.history,
    carrierEstimates: input.carrierEstimates,
    model,
    now,
    ...(options ? { options } : {}),
  })
  const { postalAreaLength, timeZone } = parseEtaOptions(options)
  const lane = laneOfShipment(shipment, postalAreaLength)
  const previousSignals = shipment.eta?.signals ?? null
  const { state, fired } = detectSignals({
    status: shipment.status,
    subStatus: shipment.subStatus,
    eta: estimated,
    promisedDate: shipment.promisedDate ? localDate(shipment.promisedDate) : null,
    lastScanAt: shipment.lastEventAt,
    stallAfterHours: stallThresholdHours(model, lane, shipment.status, now),
    lateProbability: promiseRisk({
      shipment: etaShipment,
      events: input.history,
      model,
      now,
      ...(options ? { options } : {}),
    }),
    timeZone: model?.calendarOf(lane).timeZone ?? timeZone,
    state: previousSignals,
    now,
    ...(input.context?.signals ? { options: input.context.signals } : {}),
  })
  const { signals: _dropped, ...withoutSignals } = estimated
  const next: Eta =
    state.active.length > 0 || previousSignals ? { ...withoutSignals, signals: state } : withoutSignals
  const empty = !next.best && next.estimates.length === 0 && next.revisions.length === 0 && !next.signals
  const candidate = shipment.eta === null && empty ? null : next
  const changed = !sameEta(candidate, shipment.eta)
  const eta = changed ? candidate : shipment.eta
  return { eta, changed, fired, outbox: fired.map((signal) => signalRow({ ...shipment, eta }, signal)) }
}

/** The outbox row of a fired signal: topic = event name, one key per shipment, signal and episode. */
export function signalRow(shipment: Shipment, signal: SignalEvent): OutboxRowInput {
  // A stall episode belongs to the last scan (a new scan ends it); the others start when they fire.
  const episode = signal.type === 'stalled' ? (shipment.lastEventAt ?? signal.at) : signal.at
  return {
    idempotencyKey: `${shipment.id}:signal:${signal.type}:${episode}`,
    shipmentId: shipment.id,
    topic: SIGNAL_EVENTS[signal.type],
    payload: {
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      signal: signal.type,
      at: signal.at,
      reason: signal.reason,
      status: shipment.status,
      promisedDate: shipment.promisedDate,
      eta: shipment.eta?.best?.date ?? null,
    },
  }
}

const withoutMadeAt = (e: EtaEstimate | null | undefined) => {
  if (!e) return null
  const { madeAt: _madeAt, ...rest } = e
  return { ...rest, earliest: rest.earliest ?? null, latest: rest.latest ?? null }
}

/** Equal ETAs, ignoring when each estimate was made (re-estimating must not churn writes). */
export function sameEta(a: Eta | null, b: Eta | null): boolean {
  const view = (e: Eta | null) =>
    e && {
      best: withoutMadeAt(e.best),
      estimates: e.estimates.map(withoutMadeAt),
      revisions: e.revisions.map(withoutMadeAt),
      signals: e.signals?.active ?? null,
    }
  return JSON.stringify(view(a)) === JSON.stringify(view(b))
}
