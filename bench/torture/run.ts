/**
 * `pnpm bench:torture`: the same seeded stream through one quiet `wismo serve` process (the
 * reference) and through 4 processes with SIGKILLs and failing providers (the torture run), both
 * on one PostgreSQL server, then a table and the verdict line. Exits 1 when anything was lost,
 * stored twice, left in another state, left unsent or sent twice. A failed notification retries
 * on a short ladder (5 s doubling, at most 5 min; `--backoff core` keeps core's 30 s … 1 h).
 *
 *   pnpm bench:torture [--events 100000] [--seed 42] [--processes 4] [--kill-every 2000]
 *                      [--backoff short|core]
 *
 * The server: WISMO_TEST_PG_URL, else `bash scripts/start-postgres.sh` is run (and stopped after).
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compare } from './record.ts'
import { lastLine, passed, table } from './report.ts'
import { type RunOptions, runOnce } from './run-once.ts'
import { tortureStream } from './stream.ts'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    duplicates: { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '42' },
    processes: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    'kill-every': { type: 'string', default: '2000' },
    'drain-kills': { type: 'string', default: '2' },
    backoff: { type: 'string', default: 'short' },
  },
})
if (values.backoff !== 'short' && values.backoff !== 'core')
  throw new Error(`--backoff ${values.backoff}: expected short or core`)
const num = (name: keyof typeof values) => Number(values[name])

const SCRIPT = fileURLToPath(new URL('../../scripts/start-postgres.sh', import.meta.url))

/** The server to use, and how to stop it when this script started it. */
function server(): { url: string; stop: () => void } {
  const given = process.env.WISMO_TEST_PG_URL
  if (given) return { url: given, stop: () => {} }
  const out = execFileSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  const url = /WISMO_TEST_PG_URL='([^']+)'/.exec(out)?.[1]
  const dir = /WISMO_PG_DIR='([^']+)'/.exec(out)?.[1]
  if (!url || !dir) throw new Error(`start-postgres.sh printed no server:\n${out}`)
  return { url, stop: () => execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'inherit' }) }
}

const log = (line: string) => console.log(line)
const pg = server()
try {
  const seed = num('seed')
  const stream = tortureStream(num('events'), num('duplicates'), seed)
  log(
    `stream: ${stream.messages.length} webhooks, ${stream.duplicates} duplicates, ${stream.parcels} parcels`,
  )
  const common: Omit<RunOptions, 'name' | 'processes' | 'kill' | 'faults'> = {
    url: pg.url,
    stream,
    concurrency: num('concurrency'),
    seed,
    lookAhead: Math.ceil(stream.messages.length / 20),
    sendTimeoutMs: 2_000,
    retryBackoff: values.backoff,
    // A pinned message's 12 attempts span up to 30 min on the short ladder, hours on core's.
    drainTimeoutMs: (values.backoff === 'short' ? 45 : 90) * 60_000,
    log,
  }
  log('reference: 1 process, no kills, healthy providers')
  const reference = await runOnce({ ...common, name: 'reference', processes: 1, kill: null, faults: false })
  log(`torture: ${num('processes')} processes, a SIGKILL every ${num('kill-every')} ticks, failing primaries`)
  const torture = await runOnce({
    ...common,
    name: 'torture',
    processes: num('processes'),
    kill: { every: num('kill-every'), inDrain: num('drain-kills') },
    faults: true,
  })
  const verdict = compare(torture.record, reference.record)
  log(
    table(
      stream,
      [
        { name: 'reference', ...reference },
        { name: 'torture', ...torture },
      ],
      verdict,
    ),
  )
  log(lastLine(verdict))
  process.exitCode = passed(verdict) ? 0 : 1
} finally {
  pg.stop()
}
