/**
 * Signed sandbox webhook messages for the HTTP bench: every message distinct (its own
 * `webhook-id`), bodies shaped like an aggregator's push that repeats the shipment's recent scans
 * (so one body carries several scans and dedup has work), 1–4 KB. Built once; signed right before
 * each run so the timestamps are fresh.
 */
import { createHmac } from 'node:crypto'
import type { SimulatedShipment, WebhookDelivery } from '../../packages/carrier-sandbox/src/index.ts'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { SANDBOX_SECRET } from './stream.ts'

/** Most scans one body repeats (the latest ones), as aggregators send the recent history. */
const SCANS_PER_BODY = 12

export interface BenchMessage {
  id: string
  body: string
  /** Scans in the body. */
  scans: number
}

/** At least `count` messages from whole sandbox shipments, in each shipment's delivery order, interleaved. */
export function buildMessages(count: number, seed = 42): BenchMessage[] {
  const start = new Date('2026-03-02T08:00:00Z')
  const sandbox = sandboxCarrier({
    seed,
    webhookSecret: SANDBOX_SECRET,
    duplicateRate: 0,
    clock: () => start,
  })
  const out: BenchMessage[] = []
  for (let round = 0; out.length < count; round++) {
    const run = sandbox.simulator.simulateMany({ count: 200, start, spreadMinutes: 7 * 24 * 60 })
    const byNumber = new Map(run.shipments.map((s) => [s.trackingNumber, s]))
    for (const d of run.deliveries) {
      const shipment = byNumber.get(d.trackingNumber) ?? sandbox.simulator.get(d.trackingNumber)
      if (shipment) out.push(withRecentScans(d, shipment, `${round}`))
    }
  }
  return out.slice(0, count)
}

/** The delivery's body with the shipment's scans up to its latest one (at most SCANS_PER_BODY). */
function withRecentScans(d: WebhookDelivery, shipment: SimulatedShipment, round: string): BenchMessage {
  const payload = JSON.parse(d.body) as { data: { events: { id: string }[] } }
  const lastId = payload.data.events.at(-1)?.id
  const upTo = shipment.scans.findIndex((s) => s.event.id === lastId)
  const scans = shipment.scans.slice(Math.max(0, upTo + 1 - SCANS_PER_BODY), upTo + 1).map((s) => s.event)
  if (scans.length > payload.data.events.length) payload.data.events = scans
  return { id: `${d.id}_${round}`, body: JSON.stringify(payload), scans: payload.data.events.length }
}

export interface SignedMessage {
  body: string
  headers: Record<string, string>
}

/** Standard Webhooks headers for each message, timestamped now (node:crypto: the load side's cost only). */
export function signAll(messages: readonly BenchMessage[], secret = SANDBOX_SECRET): SignedMessage[] {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const timestamp = String(Math.floor(Date.now() / 1000))
  return messages.map((m) => {
    const mac = createHmac('sha256', key).update(`${m.id}.${timestamp}.${m.body}`).digest('base64')
    return {
      body: m.body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': m.id,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${mac}`,
      },
    }
  })
}

/** Body sizes and scans per body: min / median / max. */
export function describeMessages(messages: readonly BenchMessage[]): string {
  const sizes = messages.map((m) => Buffer.byteLength(m.body)).sort((a, b) => a - b)
  const scans = messages.map((m) => m.scans).sort((a, b) => a - b)
  const mid = (xs: number[]) => xs[xs.length >> 1] ?? 0
  return (
    `bodies ${sizes[0]}–${sizes.at(-1)} B (median ${mid(sizes)}), ` +
    `${scans[0]}–${scans.at(-1)} scans each (median ${mid(scans)})`
  )
}
