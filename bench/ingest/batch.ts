/**
 * Batch ingest (a backfill): the same updates into SQLite through `wismo.ingestMany` (and one by
 * one through `wismo.ingest`), and as raw better-sqlite3 inserts of the same rows (shipment upsert
 * + event rows) committed `BATCH` updates per transaction (and one per transaction, the
 * granularity of `wismo.ingest` one at a time), in one run, files in `dir`.
 */
import { join } from 'node:path'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo, type TrackingUpdate } from '../../packages/core/src/index.ts'
import { sqliteStore } from '../../packages/store-sqlite/src/index.ts'
import { openRawSqlite } from './raw-sqlite.ts'
import { ingestStream, SANDBOX_SECRET } from './stream.ts'

export interface BatchResult {
  events: number
  updates: number
  /** `wismo.ingestMany` with `concurrency: BATCH`. */
  wismoSeconds: number
  /** Raw inserts, `BATCH` updates per transaction. */
  rawSeconds: number
  /** `wismo.ingest`, one update after another. */
  wismoOneByOneSeconds: number
  /** Raw inserts, one update per transaction. */
  rawOneByOneSeconds: number
}

/** Updates in flight in `ingestMany`, and updates per raw transaction. */
export const BATCH = 64

/** Updates (no duplicates, shuffled shipments) carrying at least `events` scans. */
function updatesFor(events: number): { updates: TrackingUpdate[]; events: number } {
  const stream = ingestStream({ messages: Math.ceil(events / 1.1), duplicateShare: 0, seed: 7 })
  return { updates: stream.updates, events: stream.scans }
}

async function viaWismo(updates: readonly TrackingUpdate[], path: string, batch: boolean): Promise<number> {
  const store = sqliteStore({ path })
  const wismo = createWismo({ store, carriers: [sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })] })
  const started = performance.now()
  if (batch) {
    const report = await wismo.ingestMany(updates, { concurrency: BATCH })
    if (report.failed)
      throw new Error(`ingestMany failed ${report.failed} updates: ${report.failures[0]?.error.message}`)
  } else for (const u of updates) await wismo.ingest(u)
  const seconds = (performance.now() - started) / 1000
  await store.close()
  return seconds
}

const RAW_DDL = `
  CREATE TABLE shipments (carrier TEXT, tracking_number TEXT, status TEXT, doc TEXT, version INTEGER,
    PRIMARY KEY (carrier, tracking_number)) STRICT;
  CREATE TABLE events (tracking_number TEXT, occurred_at TEXT, status TEXT, raw_code TEXT, raw_text TEXT,
    location TEXT, PRIMARY KEY (tracking_number, occurred_at, raw_code)) STRICT, WITHOUT ROWID;`

function viaRaw(updates: readonly TrackingUpdate[], path: string, perTransaction: number): number {
  const db = openRawSqlite(path)
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;')
  db.exec(RAW_DDL)
  const ship = db.prepare(
    `INSERT INTO shipments VALUES (?, ?, ?, ?, 1) ON CONFLICT DO UPDATE
     SET status = excluded.status, doc = excluded.doc, version = version + 1`,
  )
  const event = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
  const started = performance.now()
  updates.forEach((u, i) => {
    if (i % perTransaction === 0) db.exec('BEGIN IMMEDIATE')
    const last = u.events.at(-1)
    ship.run(u.carrier, u.trackingNumber, last?.status ?? 'pending', JSON.stringify(u.destination ?? null))
    for (const e of u.events)
      event.run(
        u.trackingNumber,
        e.occurredAt,
        e.status,
        e.rawCode,
        e.rawText,
        JSON.stringify(e.location ?? null),
      )
    if (i % perTransaction === perTransaction - 1 || i === updates.length - 1) db.exec('COMMIT')
  })
  const seconds = (performance.now() - started) / 1000
  db.close()
  return seconds
}

/** Run all four on the same updates, raw first, each on a fresh file in `dir`. */
export async function batchBench(events: number, dir: string): Promise<BatchResult> {
  const { updates, events: scans } = updatesFor(events)
  const rawSeconds = viaRaw(updates, join(dir, 'batch-raw.db'), BATCH)
  const rawOneByOneSeconds = viaRaw(updates, join(dir, 'batch-raw-1.db'), 1)
  const wismoSeconds = await viaWismo(updates, join(dir, 'batch-wismo.db'), true)
  const wismoOneByOneSeconds = await viaWismo(updates, join(dir, 'batch-wismo-1.db'), false)
  return {
    events: scans,
    updates: updates.length,
    wismoSeconds,
    rawSeconds,
    wismoOneByOneSeconds,
    rawOneByOneSeconds,
  }
}
