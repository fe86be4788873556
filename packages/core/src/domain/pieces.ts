import type { Piece, TrackingEvent } from './schemas.ts'
import { type DerivedState, deriveState, firstDelivery, type StateEvent } from './state-machine.ts'
import type { Status } from './status.ts'
import { timeKey } from './time.ts'

/**
 * How far along a piece is, lowest first: the shipment shows its least advanced piece, and
 * problems count as less advanced than movement, so a stuck piece is what the customer sees.
 * Returned and cancelled pieces rank after delivered: a shipment whose other pieces arrived is
 * delivered. Data, not code: the order is the rule.
 */
export const PIECE_PROGRESS: Readonly<Record<Status, number>> = {
  pending: 0,
  info_received: 1,
  expired: 2,
  exception: 3,
  attempt_failed: 4,
  in_transit: 5,
  available_for_pickup: 6,
  out_for_delivery: 7,
  delivered: 8,
  returned: 9,
  cancelled: 10,
}

type PieceEvent = StateEvent & Pick<TrackingEvent, 'piece'>

/** The state of a whole shipment: its own, its pieces' and when it was delivered. */
export interface ShipmentState {
  state: DerivedState
  /** Each piece's state, or `undefined` for a single parcel. */
  pieces: Piece[] | undefined
  /** When the shipment was first delivered (every piece, for a multi-piece one), or null. */
  deliveredAt: string | null
}

/**
 * Derive a shipment's state from its history. A single parcel's status comes from all its scans.
 * A multi-piece shipment (pieces declared, or scans naming a piece other than the master number)
 * gives each piece the scans naming it plus the scans naming none (those are about the whole
 * shipment); the shipment takes its least advanced piece's status ({@link PIECE_PROGRESS}), so it
 * is delivered when every piece is.
 * @example shipmentState(history, ['JD01', 'JD02'], 'JD00').state.status // 'in_transit'
 */
export function shipmentState(
  history: readonly PieceEvent[],
  declared: readonly string[],
  ownNumber: string,
): ShipmentState {
  const numbers = pieceNumbers(history, declared, ownNumber)
  if (numbers.length === 0)
    return { state: deriveState(history), pieces: undefined, deliveredAt: firstDelivery(history) }
  const per = numbers.map((trackingNumber) => {
    const events = history.filter((e) => !e.piece || e.piece === trackingNumber || e.piece === ownNumber)
    return { trackingNumber, state: deriveState(events), deliveredAt: firstDelivery(events) }
  })
  const least = per.reduce((a, b) => (behind(b.state, a.state) ? b : a))
  const deliveredAll = per.every((p) => p.deliveredAt !== null)
  return {
    state: { ...least.state, lastEventAt: deriveState(history).lastEventAt },
    pieces: per.map(({ trackingNumber, state }) => ({
      trackingNumber,
      status: state.status,
      subStatus: state.subStatus,
      statusChangedAt: state.statusChangedAt,
      lastEventAt: state.lastEventAt,
    })),
    deliveredAt: deliveredAll ? latest(per.map((p) => p.deliveredAt as string)) : null,
  }
}

/** Declared pieces first, then pieces named by scans, each once; the master number is not a piece. */
function pieceNumbers(history: readonly PieceEvent[], declared: readonly string[], own: string): string[] {
  const named = history.flatMap((e) => (e.piece ? [e.piece] : [])).sort()
  return [...new Set([...declared, ...named])].filter((n) => n !== own)
}

/**
 * True when `a` stands for the shipment rather than `b`: it is less far along, or as far along and
 * got there later, so "delivered" is dated by the last piece to arrive.
 */
function behind(a: DerivedState, b: DerivedState): boolean {
  const d = PIECE_PROGRESS[a.status] - PIECE_PROGRESS[b.status]
  return d !== 0 ? d < 0 : instant(a.statusChangedAt) > instant(b.statusChangedAt)
}

const instant = (t: string | null) => (t === null ? Number.NEGATIVE_INFINITY : timeKey(t))

function latest(times: readonly string[]): string | null {
  return times.reduce<string | null>(
    (best, t) => (best === null || instant(t) > instant(best) ? t : best),
    null,
  )
}
