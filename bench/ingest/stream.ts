/**
 * The ingest workload shared by the benchmark and the scale-out proof: sandbox webhook messages
 * (realistic journeys, batched scans, out-of-order deliveries) plus exact re-deliveries, shuffled.
 * Deterministic for a seed: every process that builds it gets the same list.
 */

import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import type { TrackingUpdate } from '../../packages/core/src/index.ts'

/** A Standard Webhooks secret for the sandbox carrier (test value, not a secret). */
export const SANDBOX_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

export interface IngestStreamOptions {
  /** At least this many messages in the stream (duplicates included). Default 20,000. */
  messages?: number
  /** Share of the stream that repeats an earlier message. Default 0.3. */
  duplicateShare?: number
  seed?: number
}

export interface IngestStream {
  /** The messages in the order to feed them. */
  updates: TrackingUpdate[]
  unique: number
  duplicates: number
  /** Scans carried by all messages, duplicates included. */
  scans: number
  shipments: number
}

/** mulberry32: a tiny seeded PRNG, enough to shuffle and pick duplicates reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Build the stream: whole sandbox shipments until the unique messages suffice, then duplicates, then a shuffle. */
export function ingestStream(options: IngestStreamOptions = {}): IngestStream {
  const { messages = 20_000, duplicateShare = 0.3, seed = 42 } = options
  const start = new Date('2026-03-02T08:00:00Z')
  const sandbox = sandboxCarrier({
    seed,
    webhookSecret: SANDBOX_SECRET,
    duplicateRate: 0,
    clock: () => start,
  })
  const wantUnique = Math.ceil(messages * (1 - duplicateShare))
  const unique: TrackingUpdate[] = []
  let shipments = 0
  while (unique.length < wantUnique) {
    const run = sandbox.simulator.simulateMany({ count: 50, start, spreadMinutes: 7 * 24 * 60 })
    shipments += run.shipments.length
    for (const d of run.deliveries) unique.push(d.update)
  }
  const random = prng(seed)
  const duplicates = Math.round((unique.length * duplicateShare) / (1 - duplicateShare))
  const all = [...unique]
  for (let i = 0; i < duplicates; i++)
    all.push(structuredClone(unique[Math.floor(random() * unique.length)] as TrackingUpdate))
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[all[i], all[j]] = [all[j] as TrackingUpdate, all[i] as TrackingUpdate]
  }
  const scans = all.reduce((n, u) => n + u.events.length, 0)
  return { updates: all, unique: unique.length, duplicates, scans, shipments }
}
