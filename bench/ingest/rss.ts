/**
 * RSS while ingesting many events in one process (SQLite file, synchronous=normal: the question
 * is what stays in memory, not the disk), run as its own process:
 *   node --expose-gc --conditions=@wismo/source bench/ingest/rss.ts --events 1000000 --db file.db
 * Generates shipments on the fly (nothing held but the store and Wismo), prints one JSON line with the RSS
 * after the first tenth of the events and after all of them, each after a full GC.
 */
import { parseArgs } from 'node:util'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo } from '../../packages/core/src/index.ts'
import { sqliteStore } from '../../packages/store-sqlite/src/index.ts'
import { SANDBOX_SECRET } from './stream.ts'

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, db: { type: 'string' } },
})
const target = Number(args.events)
const start = new Date('2026-03-02T08:00:00Z')
// A fresh simulator per round: one simulator remembers every shipment it planned, which would
// count against Wismo here.
const source = (seed: number) =>
  sandboxCarrier({ seed, webhookSecret: SANDBOX_SECRET, duplicateRate: 0, clock: () => start })
const store = sqliteStore({ path: args.db as string, synchronous: 'normal' })
const wismo = createWismo({ store, carriers: [sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })] })

const rssMb = () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().rss / 2 ** 20
}

let events = 0
let first: number | null = null
const started = performance.now()
for (let round = 0; events < target; round++) {
  const run = source(9 + round).simulator.simulateMany({ count: 100, start, spreadMinutes: 7 * 24 * 60 })
  for (const d of run.deliveries) events += (await wismo.ingest(d.update)).newEvents.length
  if (first === null && events >= target / 10) first = rssMb()
}
const last = rssMb()
await store.close()
const seconds = (performance.now() - started) / 1000
console.log(JSON.stringify({ events, firstMb: first, lastMb: last, seconds }))
