import type { TrackingEvent } from './schemas.ts'
import { STATUSES, type Status } from './status.ts'
import { timeKey } from './time.ts'

/** Scans no status table mapped (`UNMAPPED_SUB_STATUS`): kept in the timeline, never moving the milestone. */
const UNMAPPED = 'unmapped'

/**
 * Which incoming event statuses may move a shipment out of its current status. `'any'` means
 * every status applies. The history is replayed in `occurredAt` order, so a late-arriving older
 * scan is sorted before the terminal event and cannot undo it; what this table guards against is
 * a *later-timestamped* stray scan (e.g. a depot scan after delivery), while keeping genuine
 * later events (delivered → returned).
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[] | 'any'>> = {
  pending: 'any',
  info_received: 'any',
  in_transit: afterMovement(),
  out_for_delivery: afterMovement(),
  attempt_failed: afterMovement(),
  available_for_pickup: afterMovement(),
  exception: afterMovement(),
  expired: afterMovement(),
  delivered: ['returned'],
  returned: [],
  cancelled: ['in_transit', 'out_for_delivery', 'delivered', 'returned'],
}

/** Once a parcel moves, "label created / info received" scans no longer say anything new. */
function afterMovement(): Status[] {
  return STATUSES.filter((s) => s !== 'pending' && s !== 'info_received')
}

/** The fields of an event the state rules read (`receivedAt` decides whether its date is plausible). */
export type StateEvent = Pick<TrackingEvent, 'occurredAt' | 'dedupKey' | 'status' | 'subStatus'> &
  Partial<Pick<TrackingEvent, 'receivedAt'>>

/** What the history says about a shipment right now. */
export interface DerivedState {
  status: Status
  subStatus: string | null
  /** `occurredAt` of the event that set the current status (null when no event applied). */
  statusChangedAt: string | null
  /** Dedup key of that event. */
  statusEventKey: string | null
  /** `occurredAt` of the latest event in the history. */
  lastEventAt: string | null
}

/**
 * How far past its receipt a scan may be dated and still drive the status: 48 hours, room for a
 * local time with no offset written in a zone up to 14 hours ahead of UTC, and for clocks that
 * disagree. A scan dated later than that (a carrier's year typo, `2099-…`) is kept in the timeline
 * as received but never moves the status, the delivery record or `lastEventAt`.
 */
export const FUTURE_SCAN_TOLERANCE_MS = 48 * 3_600_000

/** Whether a scan's date is plausible given when it was received (no `receivedAt`: plausible). */
export function isPlausibleScan(event: { occurredAt: string; receivedAt?: string }): boolean {
  if (event.receivedAt === undefined) return true
  const received = Date.parse(event.receivedAt)
  return Number.isNaN(received) || timeKey(event.occurredAt) <= received + FUTURE_SCAN_TOLERANCE_MS
}

/** The event order used everywhere: by instant, then by dedup key so ties are deterministic. */
export function compareEvents(a: Pick<TrackingEvent, 'occurredAt' | 'dedupKey'>, b: typeof a): number {
  const d = timeKey(a.occurredAt) - timeKey(b.occurredAt)
  if (d !== 0) return d
  return a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0
}

/** Merge histories: drop repeated dedup keys (first wins), then order by {@link compareEvents}. */
export function mergeHistory<E extends Pick<TrackingEvent, 'occurredAt' | 'dedupKey'>>(
  ...lists: readonly (readonly E[])[]
): E[] {
  const byKey = new Map<string, E>()
  for (const list of lists) for (const e of list) if (!byKey.has(e.dedupKey)) byKey.set(e.dedupKey, e)
  // compareEvents' order, with each time parsed once rather than twice per comparison.
  const keyed = Array.from(byKey.values(), (e) => ({ e, at: timeKey(e.occurredAt) }))
  keyed.sort(
    (a, b) => a.at - b.at || (a.e.dedupKey < b.e.dedupKey ? -1 : a.e.dedupKey > b.e.dedupKey ? 1 : 0),
  )
  return keyed.map((k) => k.e)
}

/**
 * Derive status and sub-status from a history. Pure: the same set of events gives the same
 * state whatever order or how many times they arrived.
 * @example
 * deriveState(mergeHistory(stored, incoming)).status // 'delivered'
 */
export function deriveState(history: readonly StateEvent[]): DerivedState {
  return foldState(INITIAL_STATE, history.filter(isPlausibleScan).sort(compareEvents))
}

/** The state of a shipment with no scans. */
export const INITIAL_STATE: DerivedState = Object.freeze({
  status: 'pending',
  subStatus: null,
  statusChangedAt: null,
  statusEventKey: null,
  lastEventAt: null,
})

/**
 * Apply plausible scans, in history order ({@link compareEvents}), to a state: `deriveState` is this
 * fold from {@link INITIAL_STATE}, so scans that come after every scan of a history extend its
 * state without replaying the history.
 * @example foldState(deriveState(stored), [laterScan]).status
 */
export function foldState(from: DerivedState, ordered: readonly StateEvent[]): DerivedState {
  let { status, subStatus, statusChangedAt, statusEventKey, lastEventAt } = from
  for (const event of ordered) {
    lastEventAt = event.occurredAt
    if (event.subStatus === UNMAPPED || !accepts(status, event.status)) continue
    status = event.status
    subStatus = event.subStatus ?? null
    statusChangedAt = event.occurredAt
    statusEventKey = event.dedupKey
  }
  return { status, subStatus, statusChangedAt, statusEventKey, lastEventAt }
}

/**
 * When the history first moved the shipment into `delivered` (the `occurredAt` of that scan), or
 * null if it never did. A later return does not erase it; arrival order cannot change it.
 */
export function firstDelivery(history: readonly Omit<StateEvent, 'subStatus'>[]): string | null {
  return firstDeliveryFrom('pending', history.filter(isPlausibleScan).sort(compareEvents))
}

/**
 * {@link firstDelivery} of plausible scans in history order, starting from a status reached
 * without a delivery: a history never delivered has its derived status there, so later scans
 * continue from it.
 */
export function firstDeliveryFrom(
  from: Status,
  ordered: readonly (Omit<StateEvent, 'subStatus'> & { subStatus?: string | null })[],
): string | null {
  let status = from
  for (const event of ordered) {
    if (event.subStatus === UNMAPPED) continue
    if (!accepts(status, event.status)) continue
    if (event.status === 'delivered') return event.occurredAt
    status = event.status
  }
  return null
}

/** True when an event with status `next` applies to a shipment currently in `current`. */
export function accepts(current: Status, next: Status): boolean {
  const allowed = TRANSITIONS[current]
  return allowed === 'any' || allowed.includes(next)
}
