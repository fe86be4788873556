/**
 * Ingest throughput of every store on one stream, in one run:
 *   node --conditions=@wismo/source bench/ingest/in-process.ts [--messages 10000] [--concurrency 8]
 * Feeds the same shuffled sandbox stream (30 % duplicates) through `createWismo().ingest` on the
 * memory store (the baseline), SQLite (a file in a temp dir), PostgreSQL on PGlite and, when
 * WISMO_TEST_PG_URL names one, a real PostgreSQL server (one caller, then N concurrent callers).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import {
  createWismo,
  memoryStore,
  type TrackingUpdate,
  type WismoStore,
} from '../../packages/core/src/index.ts'
import { migrate, postgresStore } from '../../packages/store-postgres/src/index.ts'
import { PGlite, pg } from '../../packages/store-postgres/test/clients.ts'
import { sqliteStore } from '../../packages/store-sqlite/src/index.ts'
import { fmt, quantile } from './report.ts'
import { ingestStream, SANDBOX_SECRET } from './stream.ts'

const { values: args } = parseArgs({
  options: { messages: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '8' } },
})
const stream = ingestStream({ messages: Number(args.messages), duplicateShare: 0.3, seed: 42 })
const concurrency = Number(args.concurrency)

interface Result {
  name: string
  seconds: number
  latencies: number[]
}

async function measure(name: string, store: WismoStore, callers = 1): Promise<Result> {
  const wismo = createWismo({ store, carriers: [sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })] })
  const latencies: number[] = []
  const queue: TrackingUpdate[] = [...stream.updates]
  const started = performance.now()
  const caller = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      const t = performance.now()
      await wismo.ingest(u)
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: callers }, caller))
  const seconds = (performance.now() - started) / 1000
  await store.close()
  return { name, seconds, latencies }
}

function table(results: Result[]): string {
  const base = results[0] as Result
  const rate = (r: Result) => stream.scans / r.seconds
  const p99 = (r: Result) =>
    quantile(
      [...r.latencies].sort((a, b) => a - b),
      0.99,
    )
  const rows = results.map((r) => {
    const sorted = [...r.latencies].sort((a, b) => a - b)
    return [
      r.name,
      fmt(stream.updates.length / r.seconds),
      fmt(rate(r)),
      fmt(quantile(sorted, 0.5), 2),
      fmt(p99(r), 2),
      fmt(sorted.at(-1) ?? 0, 1),
      `${fmt(rate(r) / rate(base), 2)}×`,
      `${fmt(p99(r) / p99(base), 1)}×`,
    ]
  })
  const head = [
    'store',
    'updates/s',
    'events/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'events/s vs memory',
    'p99 vs memory',
  ]
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

const dir = mkdtempSync(join(tmpdir(), 'wismo-bench-'))
const results: Result[] = []
// Warm the JIT on a throwaway memory store first, so the baseline is not measured cold.
await measure('warm-up', memoryStore())
try {
  results.push(await measure('memory (baseline)', memoryStore()))
  results.push(
    await measure('sqlite file, synchronous=full (default)', sqliteStore({ path: join(dir, 'full.db') })),
  )
  results.push(
    await measure(
      'sqlite file, synchronous=normal',
      sqliteStore({ path: join(dir, 'normal.db'), synchronous: 'normal' }),
    ),
  )
  const lite = await PGlite.create()
  await migrate(lite, { schema: 'wismo' })
  results.push(await measure('postgres on PGlite (in-process WASM)', postgresStore({ client: lite })))
  await lite.close()
  const url = process.env.WISMO_TEST_PG_URL
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: concurrency + 2 })
    for (const [callers, schema] of [
      [1, 'wismo_bench_1'],
      [concurrency, 'wismo_bench_n'],
    ] as const) {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await migrate(pool, { schema })
      const label =
        callers === 1 ? 'postgres server, 1 caller' : `postgres server, ${callers} concurrent callers`
      results.push(await measure(label, postgresStore({ client: pool, schema }), callers))
      await pool.query(`DROP SCHEMA ${schema} CASCADE`)
    }
    const [{ server_version: version }] = (await pool.query('SHOW server_version')).rows
    console.log(`PostgreSQL server ${version} at ${url.replace(/\/\/[^@]*@/, '//')}`)
    await pool.end()
  } else {
    console.log(
      'PostgreSQL server: skipped (set WISMO_TEST_PG_URL, e.g. eval "$(scripts/start-postgres.sh)")',
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

console.log(
  `ingest bench: ${fmt(stream.updates.length)} messages (${fmt(stream.duplicates)} duplicates, ${fmt(stream.scans)} events, ` +
    `${fmt(stream.shipments)} shipments), one caller unless noted; Node ${process.version}, ${availableParallelism()}× ${cpus()[0]?.model ?? 'cpu'}`,
)
console.log(table(results))
