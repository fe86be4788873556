import type { Rng } from './rng.ts'

/** One webhook message before it gets a body: which scans it carries and when it goes out. */
export interface PlannedMessage {
  /** Index of the message within its shipment (message ids derive from it). */
  index: number
  /** Indices of the scans it carries, in time order. */
  scans: number[]
  /** When the carrier created the message (UTC ms); its body's `timestamp`. */
  createdAt: number
  /** When it is delivered (UTC ms). A duplicate has a later one. */
  deliverAt: number
  duplicate: boolean
  /** Delivered after the shipment's next message. */
  late: boolean
}

export interface DeliveryPolicy {
  duplicateRate: number
  outOfOrderRate: number
  webhookLatencySeconds: readonly [number, number]
}

/** Scans within this window of the first one share a message, as carriers batch their pushes. */
const BATCH_WINDOW_MS = 15 * 60_000
const BATCH_MAX = 4
/** Chance that a push is held for the shipment's next scan too, so some messages carry several. */
const MERGE_CHANCE = 0.15
const LATE_BY_SECONDS: [number, number] = [1, 600]
const REDELIVERY_SECONDS: [number, number] = [30, 7200]

/**
 * Plan the webhook messages of one shipment: batch its scans, give each message a send time,
 * hold some back past the next message (out of order) and send some twice (duplicates).
 * Every draw comes from `rng`, so the same seed gives the same deliveries.
 * @example planMessages(rng, scans.map((s) => s.at), { duplicateRate: 0.05, outOfOrderRate: 0.05, webhookLatencySeconds: [1, 90] })
 */
export function planMessages(
  rng: Rng,
  scanTimes: readonly number[],
  policy: DeliveryPolicy,
): PlannedMessage[] {
  const messages = batch(rng, scanTimes).map((scans, index) => ({
    index,
    scans,
    createdAt: 0,
    deliverAt: 0,
    duplicate: false,
    late: false,
  }))
  let previous = -Infinity
  for (const m of messages) {
    const lastScan = scanTimes[m.scans.at(-1) as number] as number
    m.createdAt = Math.max(
      lastScan + Math.round(rng.between(policy.webhookLatencySeconds) * 1000),
      previous + 1000,
    )
    m.deliverAt = previous = m.createdAt
  }
  holdBack(rng, messages, policy.outOfOrderRate)
  return [...messages, ...redeliver(rng, messages, policy.duplicateRate)]
}

function batch(rng: Rng, scanTimes: readonly number[]): number[][] {
  const batches: number[][] = []
  let current: number[] = []
  for (let i = 0; i < scanTimes.length; i++) {
    const first = current[0]
    const joins =
      first !== undefined &&
      current.length < BATCH_MAX &&
      ((scanTimes[i] as number) - (scanTimes[first] as number) <= BATCH_WINDOW_MS || rng.chance(MERGE_CHANCE))
    if (first !== undefined && !joins) {
      batches.push(current)
      current = []
    }
    current.push(i)
  }
  if (current.length > 0) batches.push(current)
  return batches
}

/** Walk backwards so a held-back message lands after its successor's final delivery time. */
function holdBack(rng: Rng, messages: PlannedMessage[], rate: number): void {
  for (let i = messages.length - 2; i >= 0; i--) {
    const m = messages[i] as PlannedMessage
    const next = messages[i + 1] as PlannedMessage
    if (!rng.chance(rate)) continue
    m.deliverAt = next.deliverAt + Math.round(rng.between(LATE_BY_SECONDS) * 1000)
    m.late = true
  }
}

function redeliver(rng: Rng, messages: readonly PlannedMessage[], rate: number): PlannedMessage[] {
  return messages
    .filter(() => rng.chance(rate))
    .map((m) => ({
      ...m,
      deliverAt: m.deliverAt + Math.round(rng.between(REDELIVERY_SECONDS) * 1000),
      duplicate: true,
    }))
}
