/**
 * The torture workload: signed-ready sandbox webhook deliveries (realistic journeys, batched scans,
 * out-of-order messages) plus exact re-deliveries (same `webhook-id`), shuffled. Like
 * bench/ingest's stream, but it keeps each delivery's raw body and id, because here every message
 * travels as a signed HTTP request. Deterministic for a seed.
 */
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import type { TrackingUpdate } from '../../packages/core/src/index.ts'
import { prng, SANDBOX_SECRET } from '../ingest/stream.ts'

export { prng, SANDBOX_SECRET }

/** One message the carrier sends: its `webhook-id`, the exact body, and what it carries. */
export interface TortureMessage {
  id: string
  body: string
  trackingNumber: string
  update: TrackingUpdate
}

export interface TortureStream {
  messages: TortureMessage[]
  unique: number
  duplicates: number
  /** Distinct tracking numbers (parcels). */
  parcels: number
}

const START = new Date('2026-03-02T08:00:00Z')

/** At least `messages` messages, `duplicateShare` of them repeats of earlier ones, in a seeded shuffle. */
export function tortureStream(messages: number, duplicateShare: number, seed: number): TortureStream {
  const sandbox = sandboxCarrier({
    seed,
    webhookSecret: SANDBOX_SECRET,
    duplicateRate: 0,
    clock: () => START,
  })
  const wantUnique = Math.ceil(messages * (1 - duplicateShare))
  const unique: TortureMessage[] = []
  while (unique.length < wantUnique) {
    const run = sandbox.simulator.simulateMany({ count: 50, start: START, spreadMinutes: 7 * 24 * 60 })
    for (const d of run.deliveries)
      unique.push({ id: d.id, body: d.body, trackingNumber: d.trackingNumber, update: d.update })
  }
  const random = prng(seed)
  const duplicates = Math.round((unique.length * duplicateShare) / (1 - duplicateShare))
  const all = [...unique]
  for (let i = 0; i < duplicates; i++)
    all.push(unique[Math.floor(random() * unique.length)] as TortureMessage)
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[all[i], all[j]] = [all[j] as TortureMessage, all[i] as TortureMessage]
  }
  const parcels = new Set(unique.map((m) => m.trackingNumber)).size
  return { messages: all, unique: unique.length, duplicates, parcels }
}
