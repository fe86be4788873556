/**
 * RSS while ingesting many events in one process (SQLite file, synchronous=normal: the question
 * is what stays in memory, not the disk), run as its own process:
 *   node --expose-gc --conditions=@wismo/source bench/ingest/rss.ts --events 1000000 --db file.db
 * Generates shipments on the fly (nothing held but the store and Wismo). At each tenth of the
 * events it prints one `rss:` line (RSS and V8 heap after a full GC), so the curve shows; the last
 * line is JSON with the RSS after the first tenth and after all of them (`firstMb`, `lastMb`), and
 * the same after a GC that gives V8's free pages back (`firstReducedMb`, `lastReducedMb`). `--snapshots <dir>` also
 * writes a V8 heap snapshot at the first tenth and at the end, to diff what grew between them.
 * `--eta` turns the ETA model on (it is off unless a host asks for it) with time moving forward.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo } from '../../packages/core/src/index.ts'
import { sqliteStore } from '../../packages/store-sqlite/src/index.ts'
import { SANDBOX_SECRET } from './stream.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    db: { type: 'string' },
    snapshots: { type: 'string' },
    eta: { type: 'boolean', default: false },
  },
})
const target = Number(args.events)
const start = new Date('2026-03-02T08:00:00Z')
// With --eta: the ETA model on (createWismo({ eta: {} }); off by default, as for a host that does
// not ask for it) and time moving: each round of 100 shipments starts 2.4 hours after the last (a
// shop shipping 1,000 parcels a day) and Wismo's clock is the latest delivery's instant, so the
// model's windows (in-flight age, seasons, recent cohorts) slide as in a long-running process.
const ROUND_MS = 2.4 * 3_600_000
const roundStart = (round: number) => (args.eta ? new Date(start.getTime() + round * ROUND_MS) : start)
const spreadMinutes = args.eta ? ROUND_MS / 60_000 : 7 * 24 * 60
let clockMs = start.getTime()
// A fresh simulator per round: one simulator remembers every shipment it planned, which would
// count against Wismo here.
const source = (seed: number, at: Date) =>
  sandboxCarrier({ seed, webhookSecret: SANDBOX_SECRET, duplicateRate: 0, clock: () => at })
const store = sqliteStore({ path: args.db as string, synchronous: 'normal' })
const wismo = createWismo({
  store,
  carriers: [sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })],
  ...(args.eta ? { eta: {}, clock: () => new Date(clockMs) } : {}),
})

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10
const spaceMb = (name: string) =>
  mb(getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_size ?? 0)
type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void
const gc = (globalThis as { gc?: Gc }).gc ?? (() => {})
const rssMb = () => process.memoryUsage().rss / 2 ** 20
/**
 * RSS after a full GC (what the JSON's firstMb/lastMb have always been), then after a full GC that
 * also gives V8's free pages back (`reduced`): V8 sizes its young generation by the allocation
 * rate (64 MB and more while ingesting) and a plain GC keeps it, so only the second says what
 * the process retains.
 */
const measure = (tenth: number, events: number) => {
  gc()
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage()
  const young = spaceMb('new_space')
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  const reduced = rssMb()
  const seconds = Math.round((performance.now() - started) / 1000)
  console.log(
    `rss: tenth=${tenth} events=${events} rss_mb=${mb(rss)} rss_reduced_mb=${mb(reduced * 2 ** 20)} heap_mb=${mb(heapUsed)} heap_total_mb=${mb(heapTotal)} young_mb=${young} external_mb=${mb(external)} s=${seconds}`,
  )
  if (args.snapshots && (tenth === 1 || tenth === 10))
    console.log(`rss: snapshot ${writeHeapSnapshot(join(args.snapshots, `rss-${tenth}.heapsnapshot`))}`)
  return { plain: rss / 2 ** 20, reduced }
}

let events = 0
let first: { plain: number; reduced: number } | null = null
let tenth = 0
const started = performance.now()
for (let round = 0; events < target; round++) {
  const at = roundStart(round)
  const run = source(9 + round, at).simulator.simulateMany({ count: 100, start: at, spreadMinutes })
  for (const d of run.deliveries) {
    clockMs = Math.max(clockMs, d.deliverAt)
    events += (await wismo.ingest(d.update)).newEvents.length
  }
  while (tenth < 9 && events >= (target * (tenth + 1)) / 10) {
    tenth++
    const rss = measure(tenth, events)
    first ??= rss
  }
}
const last = measure(10, events)
await store.close()
const seconds = (performance.now() - started) / 1000
console.log(
  JSON.stringify({
    events,
    firstMb: first?.plain ?? null,
    lastMb: last.plain,
    firstReducedMb: first?.reduced ?? null,
    lastReducedMb: last.reduced,
    seconds,
  }),
)
