/**
 * Does one ingest cost more on a long history? On one SQLite file, `rounds` new (later) scans,
 * each into a fresh 5-scan shipment and into one long shipment (500 scans and growing); mean
 * time per ingest of each.
 */
import { join } from 'node:path'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo, type TrackingUpdate, type Wismo } from '../../packages/core/src/index.ts'
import { sqliteStore } from '../../packages/store-sqlite/src/index.ts'
import { SANDBOX_SECRET } from './stream.ts'

const MINUTE = 60_000
const CODES = ['AR', 'DP', 'IT'] as const

function scanUpdate(trackingNumber: string, from: number, count: number, base: number): TrackingUpdate {
  const events = Array.from({ length: count }, (_, k) => {
    const i = from + k
    return {
      status: 'in_transit' as const,
      rawCode: CODES[i % CODES.length] as string,
      rawText: `Scan ${i} at a sorting facility`,
      occurredAt: new Date(base + i * MINUTE).toISOString(),
      location: { city: `Hub ${i % 40}`, country: 'US' },
    }
  })
  return { carrier: 'sandbox', trackingNumber, source: 'webhook', events }
}

async function fill(wismo: Wismo, trackingNumber: string, scans: number, base: number): Promise<void> {
  for (let i = 0; i < scans; i += 50)
    await wismo.ingest(scanUpdate(trackingNumber, i, Math.min(50, scans - i), base))
}

export interface HistoryResult {
  shortMs: number
  longMs: number
}

/** Mean ms per new-scan ingest on a 5-scan and a 500-scan shipment. */
export async function historyBench(dir: string, rounds = 200): Promise<HistoryResult> {
  const store = sqliteStore({ path: join(dir, 'history.db') })
  const wismo = createWismo({ store, carriers: [sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })] })
  const base = Date.now() - 30 * 24 * 60 * MINUTE
  const long = 'SBX00000000025'
  await fill(wismo, long, 500, base)
  let shortMs = 0
  let longMs = 0
  const timed = async (update: TrackingUpdate) => {
    const t = performance.now()
    await wismo.ingest(update)
    return performance.now() - t
  }
  for (let r = 0; r < rounds; r++) {
    // A fresh 5-scan shipment each round, so the short history stays short.
    const short = `SBX1${String(r).padStart(10, '0')}`
    await fill(wismo, short, 5, base)
    shortMs += await timed(scanUpdate(short, 5, 1, base))
    longMs += await timed(scanUpdate(long, 500 + r, 1, base))
  }
  await store.close()
  return { shortMs: shortMs / rounds, longMs: longMs / rounds }
}
