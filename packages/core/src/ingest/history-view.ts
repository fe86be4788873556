import { ScanIndex } from '../domain/dedup.ts'
import { type ShipmentState, shipmentState } from '../domain/pieces.ts'
import type { TrackingEvent } from '../domain/schemas.ts'
import {
  compareEvents,
  firstDeliveryFrom,
  foldState,
  isPlausibleScan,
  mergeHistory,
} from '../domain/state-machine.ts'

/**
 * A shipment's history with what ingest derives from it: the scans in history order, the
 * plausible ones, the dedup index and the shipment's state. Immutable. A view grows by
 * {@link HistoryView.with}: scans that come after every scan it has (the usual case: carriers report
 * in order) extend it in time proportional to the new scans, so an ingest costs the same on a
 * 5-scan and a 500-scan shipment; anything else (an older scan arriving late, pieces) derives the
 * whole history again, exactly as before.
 */
export class HistoryView {
  readonly events: readonly TrackingEvent[]
  readonly plausible: readonly TrackingEvent[]
  /** The shipment's state with the piece numbers in `declared`. */
  readonly state: ShipmentState
  readonly declared: readonly string[]
  /** Whether a scan came through another adapter than the shipment's carrier (has `via`). */
  readonly relayed: boolean
  readonly #index: ScanIndex
  readonly #ownNumber: string

  private constructor(parts: {
    events: readonly TrackingEvent[]
    plausible: readonly TrackingEvent[]
    state: ShipmentState
    declared: readonly string[]
    relayed: boolean
    index: ScanIndex
    ownNumber: string
  }) {
    this.events = parts.events
    this.plausible = parts.plausible
    this.state = parts.state
    this.declared = parts.declared
    this.relayed = parts.relayed
    this.#index = parts.index
    this.#ownNumber = parts.ownNumber
  }

  /**
   * The view of a whole history (any order, repeats dropped), for a shipment numbered `ownNumber`
   * with the piece numbers `declared`.
   * @example HistoryView.of(await allEvents(store, id), [], shipment.trackingNumber).state.state.status
   */
  static of(history: readonly TrackingEvent[], declared: readonly string[], ownNumber: string): HistoryView {
    const events = mergeHistory(history)
    return new HistoryView({
      events,
      plausible: events.filter(isPlausibleScan),
      state: shipmentState(events, declared, ownNumber),
      declared: [...declared],
      relayed: events.some((e) => e.via),
      index: new ScanIndex(events),
      ownNumber,
    })
  }

  /** The scans of `incoming` this history does not have, each once (the first of repeats wins), in history order. */
  fresh<E extends TrackingEvent>(incoming: readonly E[]): E[] {
    const seen = new ScanIndex()
    const out: E[] = []
    for (const e of mergeHistory(incoming)) {
      if (this.#index.has(e) || seen.has(e)) continue
      seen.add(e)
      out.push(e)
    }
    return out
  }

  /** The state of this history with the piece numbers `declared` (derived again when they differ). */
  stateWith(declared: readonly string[]): ShipmentState {
    return sameList(declared, this.declared)
      ? this.state
      : shipmentState(this.events, declared, this.#ownNumber)
  }

  /**
   * This history with `added` (scans it does not have, from {@link fresh}), the shipment's piece
   * numbers now `declared`.
   */
  with(added: readonly TrackingEvent[], declared: readonly string[]): HistoryView {
    if (added.length === 0 && sameList(declared, this.declared)) return this
    if (!this.#extends(added, declared))
      return HistoryView.of([...this.events, ...added], declared, this.#ownNumber)
    const index = this.#index.extend()
    for (const e of added) index.add(e)
    const plausibleAdded = added.filter(isPlausibleScan)
    const { state, deliveredAt } = this.state
    return new HistoryView({
      events: this.events.concat(added),
      plausible: this.plausible.concat(plausibleAdded),
      state: {
        state: foldState(state, plausibleAdded),
        pieces: undefined,
        deliveredAt: deliveredAt ?? firstDeliveryFrom(state.status, plausibleAdded),
      },
      declared: this.declared,
      relayed: this.relayed || added.some((e) => e.via),
      index,
      ownNumber: this.#ownNumber,
    })
  }

  /**
   * Whether `added` can extend this view's state without replaying: a single parcel (no pieces
   * declared or named, before or after), the same pieces declared, and every added scan, in
   * order, after the last scan held.
   */
  #extends(added: readonly TrackingEvent[], declared: readonly string[]): boolean {
    if (declared.length > 0 || this.declared.length > 0 || this.state.pieces !== undefined) return false
    if (added.some((e) => e.piece && e.piece !== this.#ownNumber)) return false
    const last = this.events.at(-1)
    for (let i = 0; i < added.length; i++) {
      const previous = i === 0 ? last : added[i - 1]
      if (previous && compareEvents(previous, added[i] as TrackingEvent) >= 0) return false
    }
    return true
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** A frozen copy of a stored event, safe to share between ingests whatever callers do to theirs. */
export function frozenEvent(event: TrackingEvent): TrackingEvent {
  const location = event.location ? Object.freeze({ ...event.location }) : event.location
  return Object.freeze({ ...event, location })
}
