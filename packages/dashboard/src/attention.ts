/** Which shipments need someone to look: the rules (pure) and the store reads behind them. */
import {
  ACTIVE_STATUSES,
  type OutboxRow,
  type Shipment,
  TERMINAL_STATUSES,
  type WismoStore,
} from '@wismo/core'
import { channelOf, isStalled } from './metrics/aggregate.ts'

/** Why a shipment is on the list, most urgent first. */
export const REASONS = ['exception', 'notification_failed', 'delayed', 'stalled'] as const
export type Reason = (typeof REASONS)[number]

export const REASON_LABELS: Readonly<Record<Reason, string>> = {
  exception: 'Exception',
  notification_failed: 'Notification failed',
  delayed: 'Delayed',
  stalled: 'Stalled',
}

export interface AttentionItem {
  shipment: Shipment
  reasons: Reason[]
  /** Notification rows of the shipment given up on (`dead`). */
  failed: OutboxRow[]
}

/**
 * The reasons one shipment needs attention, `today` being the dashboard's date (`YYYY-MM-DD`):
 * - `exception`: its status is `exception`;
 * - `stalled`: the signal detector's `stalled` is active;
 * - `delayed`: `delayed` is active, or the best estimate's date is after the promised date, or the
 *   estimate (its latest day when it is a window) is already past and the parcel is not delivered;
 * - `notification_failed`: one of its notifications was given up on (a `dead` row).
 * Settled shipments (delivered, returned, cancelled) only ever show `notification_failed`.
 * @example reasonsOf(shipment, '2026-03-10', 0) // ['delayed']
 */
export function reasonsOf(shipment: Shipment, today: string, failed: number): Reason[] {
  const open = !TERMINAL_STATUSES.includes(shipment.status)
  const signals = shipment.eta?.signals?.active ?? []
  const best = shipment.eta?.best
  const promised = shipment.promisedDate?.slice(0, 10)
  const late =
    signals.includes('delayed') ||
    (best && promised && best.date.slice(0, 10) > promised) ||
    (best && (best.latest ?? best.date).slice(0, 10) < today)
  const reasons: Reason[] = []
  if (open && shipment.status === 'exception') reasons.push('exception')
  if (failed > 0) reasons.push('notification_failed')
  if (open && late) reasons.push('delayed')
  if (open && isStalled(shipment)) reasons.push('stalled')
  return reasons
}

/** Most urgent reason first, then the longest silence (oldest last scan) first. */
export function sortItems(items: AttentionItem[]): AttentionItem[] {
  const rank = (i: AttentionItem) => Math.min(...i.reasons.map((r) => REASONS.indexOf(r)))
  const last = (i: AttentionItem) => i.shipment.lastEventAt ?? i.shipment.createdAt
  return items.sort((a, b) => rank(a) - rank(b) || last(a).localeCompare(last(b)))
}

export interface AttentionList {
  items: AttentionItem[]
  /** The listings that reached the cap: `shipments`, `notifications`. */
  capped: string[]
}

/** Every open shipment (up to `cap`) and every dead notification row (up to `cap`), judged. */
export async function loadAttention(store: WismoStore, today: string, cap: number): Promise<AttentionList> {
  const capped: string[] = []
  const open: Shipment[] = []
  let cursor: string | null = null
  do {
    const page = await store.listShipments({
      status: ACTIVE_STATUSES,
      limit: Math.min(500, cap - open.length),
      cursor,
    })
    open.push(...page.items)
    cursor = page.nextCursor
  } while (cursor && open.length < cap)
  if (cursor) capped.push('shipments')
  const dead = await store.listOutbox({ state: 'dead', limit: cap + 1 })
  if (dead.length > cap) capped.push('notifications')
  const failed = new Map<string, OutboxRow[]>()
  for (const row of dead.slice(0, cap))
    if (row.shipmentId && channelOf(row))
      failed.set(row.shipmentId, [...(failed.get(row.shipmentId) ?? []), row])
  const shipments = new Map(open.map((s) => [s.id, s]))
  for (const id of failed.keys())
    if (!shipments.has(id)) {
      const s = await store.getShipment(id)
      if (s) shipments.set(id, s)
    }
  const items = [...shipments.values()]
    .map((shipment) => {
      const rows = failed.get(shipment.id) ?? []
      return { shipment, failed: rows, reasons: reasonsOf(shipment, today, rows.length) }
    })
    .filter((i) => i.reasons.length > 0)
  return { items: sortItems(items), capped }
}
