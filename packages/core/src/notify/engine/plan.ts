import type { Shipment } from '../../domain/schemas.ts'
import { parseCarrierTime, timeKey } from '../../domain/time.ts'
import { SIGNAL_EVENTS } from '../../events.ts'
import type { OutboxRowInput, ShipmentWrite, WismoStore } from '../../store/contract.ts'
import { NOTIFY_TOPIC_PREFIX } from '../../workers/dispatcher.ts'
import type { NotificationTrigger } from '../templates/triggers.ts'
import { channelsOf, type NotificationsSettings } from './options.ts'

/** Milestones a host may notify on (a status change to one of them is its trigger). */
export const MILESTONE_TRIGGERS: ReadonlySet<string> = new Set([
  'info_received',
  'in_transit',
  'out_for_delivery',
  'attempt_failed',
  'available_for_pickup',
  'delivered',
  'exception',
  'returned',
])

const SIGNAL_TOPICS = new Map<string, NotificationTrigger>(
  Object.entries(SIGNAL_EVENTS).map(([signal, topic]) => [topic, signal as NotificationTrigger]),
)

/** What a message row carries; the worker renders it from the shipment's state when it sends. */
export interface MessagePayload {
  trigger: NotificationTrigger
  channel: string
  shipmentId: string
  orderId: string | null
}

/**
 * The message rows one commit adds: one per trigger and channel, keyed so that a milestone is
 * notified once per shipment ever (also when the shipment goes back and forth), a signal once per
 * episode, an ETA move once per new date, and the invitation to rate the delivery
 * (`feedback_request`) once per shipment, `feedbackRequestAfterMs` after it was delivered. Rows wait `burstWindowMs`, then render the latest
 * state, so a burst of scans or a registration with history sends one message per trigger.
 */
export function messageRows(
  write: ShipmentWrite,
  settings: NotificationsSettings,
  now: Date,
): OutboxRowInput[] {
  const shipment = write.shipment
  const availableAt = new Date(now.getTime() + settings.burstWindowMs).toISOString()
  const rows: OutboxRowInput[] = []
  const add = (trigger: NotificationTrigger, key: string, at = availableAt) => {
    for (const channel of channelsOf(settings, trigger))
      rows.push({
        idempotencyKey: `notify:${key}:${channel}`,
        shipmentId: shipment.id,
        topic: `${NOTIFY_TOPIC_PREFIX}${channel}`,
        payload: {
          trigger,
          channel,
          shipmentId: shipment.id,
          orderId: shipment.orderId,
        } satisfies MessagePayload,
        availableAt: at,
      })
  }
  for (const row of write.outbox) {
    const to = row.topic === 'shipment.status_changed' ? String(row.payload.to ?? '') : ''
    if (MILESTONE_TRIGGERS.has(to)) add(to as NotificationTrigger, `${shipment.id}:${to}`)
    if (to === 'delivered')
      add('feedback_request', `${shipment.id}:feedback_request`, feedbackRequestAt(row, settings, now))
    const signal = SIGNAL_TOPICS.get(row.topic)
    if (signal) add(signal, row.idempotencyKey)
  }
  const moved = etaMove(shipment)
  if (moved !== null && moved >= settings.etaChangeThresholdMs)
    add('eta_changed', `${shipment.id}:eta:${shipment.eta?.best?.date}`)
  return rows
}

/**
 * When the invitation to rate a delivery is due: `feedbackRequestAfterMs` after the delivery scan
 * (when the carrier gave an instant; a local time or a date says too little), else after `now`.
 * Never before the burst window, so a shipment registered long after delivery is not invited at once
 * inside the commit that learned of it.
 */
function feedbackRequestAt(row: OutboxRowInput, settings: NotificationsSettings, now: Date): string {
  const scan = parseCarrierTime(String(row.payload.at ?? ''))
  const deliveredMs = scan?.kind === 'instant' ? Math.min(scan.sortKey, now.getTime()) : now.getTime()
  const due = Math.max(deliveredMs + settings.feedbackRequestAfterMs, now.getTime() + settings.burstWindowMs)
  return new Date(due).toISOString()
}

/** How far the best estimate moved from the one before it (ms), or null without a move. */
function etaMove(shipment: Shipment): number | null {
  const best = shipment.eta?.best
  const before = shipment.eta?.revisions.at(-1)
  if (!best || !before || best.date === before.date) return null
  return Math.abs(timeKey(best.date) - timeKey(before.date))
}

/** The store, with every commit also writing the message rows its outbox rows call for. */
export function withMessageRows(
  store: WismoStore,
  settings: NotificationsSettings,
  now: () => Date,
): WismoStore {
  const commit = store.commit.bind(store)
  return Object.assign(Object.create(store) as WismoStore, {
    commit: (write: ShipmentWrite) =>
      commit({ ...write, outbox: [...write.outbox, ...messageRows(write, settings, now())] }),
  })
}
