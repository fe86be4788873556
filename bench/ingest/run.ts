/**
 * Webhook ingest over HTTP against a bare `node:http` server, in one run (`pnpm bench:ingest`):
 *   node --conditions=@wismo/source bench/ingest/run.ts [--requests 100000] [--connections 50]
 *     [--rate 1000] [--rate-requests 20000] [--rate-warm-up 2000] [--pg-workers 2] [--batch-events 100000]
 *     [--memory-events 1000000] [--skip naive,memory,sqlite,postgres,rate,history,batch,rss] [--cpu-prof memory|sqlite|rate]
 * Every target is a server process of its own (bench/ingest/server.ts); this process is the load
 * generator, sending each signed message once: autocannon for throughput, an open loop paced by
 * the clock (paced-load.ts) for the fixed-rate run. PostgreSQL runs when
 * WISMO_TEST_PG_URL names a server (`eval "$(bash scripts/start-postgres.sh start)"`).
 * Last line: `ingest: memory_ratio=… sqlite_ratio=… postgres_ratio=… p99_ms_sqlite_1000rps=… batch_ratio=…`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { migrate } from '../../packages/store-postgres/src/index.ts'
import { pg } from '../../packages/store-postgres/test/clients.ts'
import { BATCH, batchBench } from './batch.ts'
import { historyBench } from './history.ts'
import { type HttpRun, httpRun } from './http-load.ts'
import { buildMessages, describeMessages } from './messages.ts'
import { pacedRun } from './paced-load.ts'
import { fmt, httpTable, lastLine, naiveLines, type Summary } from './report.ts'

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string', default: '1000' },
    'rate-requests': { type: 'string', default: '20000' },
    'rate-warm-up': { type: 'string', default: '2000' },
    'pg-workers': { type: 'string', default: String(Math.max(2, availableParallelism())) },
    'batch-events': { type: 'string', default: '100000' },
    'memory-events': { type: 'string', default: '1000000' },
    skip: { type: 'string', default: '' },
    'cpu-prof': { type: 'string' },
  },
})
const skip = new Set(args.skip.split(',').filter(Boolean))
const connections = Number(args.connections)
const pgUrl = process.env.WISMO_TEST_PG_URL
const dir = mkdtempSync(join(tmpdir(), 'wismo-ingest-'))
const messages = buildMessages(Number(args.requests))
const profileDir = join(tmpdir(), 'wismo-cpu-profiles')
const profiled = (name: string) =>
  args['cpu-prof'] === name ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []

const run = (name: string, target: string, extra: string[] = []) =>
  httpRun({
    name,
    serverArgs: ['--target', target, ...extra],
    messages,
    connections,
    nodeFlags: profiled(target),
  })

async function freshSchema(schema: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: pgUrl, max: 1 })
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await migrate(pool, { schema })
  await pool.end()
  return ['--pg-url', pgUrl as string, '--schema', schema]
}

async function httpRuns(): Promise<HttpRun[]> {
  // A short bare run first, so neither side is measured cold.
  await httpRun({
    name: 'warm-up',
    serverArgs: ['--target', 'bare'],
    messages: messages.slice(0, 5000),
    connections,
  })
  const runs = [await run('bare node:http (baseline)', 'bare')]
  if (!skip.has('naive')) {
    runs.push(await run('naive path (HMAC, JSON.parse, zod, Map.set)', 'naive'))
    for (const sync of ['FULL', 'NORMAL']) {
      const name = `naive path, sqlite (one INSERT, synchronous=${sync.toLowerCase()})`
      runs.push(
        await run(name, 'naive-sqlite', ['--db', join(dir, `naive-${sync}.db`), '--synchronous', sync]),
      )
    }
  }
  if (!skip.has('memory')) runs.push(await run('wismo, memory store', 'memory'))
  if (!skip.has('sqlite'))
    runs.push(await run('wismo, sqlite (WAL, synchronous=full)', 'sqlite', ['--db', join(dir, 'http.db')]))
  if (pgUrl && !skip.has('postgres')) {
    runs.push(await run('wismo, postgres, 1 process', 'postgres', await freshSchema('wismo_bench_1')))
    const n = args['pg-workers']
    const extra = [...(await freshSchema('wismo_bench_n')), '--workers', n]
    runs.push(await run(`wismo, postgres, ${n} processes`, 'postgres', extra))
  }
  return runs
}

const summary: Summary = {}
try {
  console.log(`messages: ${fmt(messages.length)}, ${describeMessages(messages)}, ${connections} connections`)
  const runs = await httpRuns()
  summary.runs = runs
  if (!skip.has('rate')) {
    const rate = Number(args.rate)
    const warmUp = Number(args['rate-warm-up'])
    const fixed = await pacedRun({
      name: `sqlite at ${rate} req/s (paced; p50/p99 after ${fmt(warmUp)} warm-up requests)`,
      serverArgs: ['--target', 'sqlite', '--db', join(dir, 'rate.db')],
      messages: messages.slice(0, warmUp + Number(args['rate-requests'])),
      rate,
      connections,
      warmUp,
      nodeFlags: profiled('rate'),
    })
    runs.push(fixed)
    summary.p99Rate = fixed.p99
    if (fixed.serverBusy !== null)
      console.log(
        `${fixed.name}: server process CPU ${fmt(fixed.serverBusy * 100)} % of the wall time, ` +
          `${fmt((fixed.serverBusy * fixed.seconds * 1e6) / fixed.requests)} µs a request`,
      )
  }
  console.log(httpTable(runs))
  for (const line of naiveLines(runs)) console.log(line)
  if (!skip.has('history')) {
    summary.history = await historyBench(dir)
    const { shortMs, longMs } = summary.history
    console.log(
      `history (sqlite): new scan on a 5-scan shipment ${fmt(shortMs, 3)} ms, on a 500-scan one ${fmt(longMs, 3)} ms: ${fmt(longMs / shortMs, 2)}×`,
    )
  }
  if (!skip.has('batch')) {
    summary.batch = await batchBench(Number(args['batch-events']), dir)
    const b = summary.batch
    const rate = (seconds: number) => `${fmt(b.events / seconds)} events/s`
    console.log(
      `batch (sqlite, ${fmt(b.updates)} updates, ${fmt(b.events)} events): raw better-sqlite3 ${BATCH} updates a transaction ${rate(b.rawSeconds)}, ` +
        `wismo.ingestMany (concurrency ${BATCH}) ${rate(b.wismoSeconds)}: ${fmt(b.rawSeconds / b.wismoSeconds, 2)}×; ` +
        `one by one: raw one update a transaction ${rate(b.rawOneByOneSeconds)}, wismo.ingest ${rate(b.wismoOneByOneSeconds)}: ` +
        `${fmt(b.rawOneByOneSeconds / b.wismoOneByOneSeconds, 2)}×`,
    )
  }
  if (!skip.has('rss')) {
    summary.rss = rssRun(Number(args['memory-events']), join(dir, 'rss.db'))
    const r = summary.rss
    console.log(
      `memory (sqlite, in-process): RSS ${fmt(r.firstMb)} MB after ${fmt(r.events / 10)} events, ${fmt(r.lastMb)} MB after ${fmt(r.events)} (+${fmt(r.lastMb - r.firstMb)} MB)`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`Node ${process.version}, ${availableParallelism()}× ${cpus()[0]?.model ?? 'cpu'}`)
if (args['cpu-prof']) console.log(`CPU profile of the ${args['cpu-prof']} server: ${profileDir}`)
console.log(lastLine(summary))

function rssRun(events: number, db: string): NonNullable<Summary['rss']> {
  const script = new URL('./rss.ts', import.meta.url).pathname
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@wismo/source', script, '--events', String(events), '--db', db],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  if (child.status !== 0) throw new Error(`rss run failed (${child.status})`)
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string)
}
