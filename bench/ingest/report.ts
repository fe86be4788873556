/** The bench's table and its last line. */
import type { BatchResult } from './batch.ts'
import type { HistoryResult } from './history.ts'
import type { HttpRun } from './http-load.ts'

export interface Summary {
  /** The HTTP runs, the bare baseline first. */
  runs?: HttpRun[]
  p99Rate?: number
  history?: HistoryResult
  batch?: BatchResult
  rss?: { events: number; firstMb: number; lastMb: number; seconds: number }
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** The value at quantile `q` (0..1) of an ascending array; 0 when empty. */
export const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

const rate = (r: HttpRun) => r.requests / r.seconds

/** Throughput of the first run whose name contains `part`, over the baseline's; null when absent. */
function ratioOf(runs: readonly HttpRun[], part: string): number | null {
  const base = runs[0]
  const run = runs.find((r) => r.name.includes(part))
  return base && run ? rate(run) / rate(base) : null
}

/** Wismo's throughput over the naive path's on the same kind of store, when both ran. */
export function naiveLines(runs: readonly HttpRun[]): string[] {
  const pairs = [
    ['memory store', 'naive path (HMAC'],
    ['sqlite (WAL', 'naive path, sqlite (one INSERT, synchronous=full'],
  ] as const
  return pairs.flatMap(([wismo, naive]) => {
    const w = runs.find((r) => r.name.includes(wismo))
    const n = runs.find((r) => r.name.includes(naive))
    return w && n ? [`${w.name}: ${fmt(rate(w) / rate(n), 3)}× the ${n.name}`] : []
  })
}

export function httpTable(runs: readonly HttpRun[]): string {
  const base = runs[0] as HttpRun
  const head = ['target', 'requests', 'req/s', 'vs bare', 'p50 ms', 'p99 ms', 'not 2xx', 'statuses']
  const rows = runs.map((r) => [
    r.name,
    fmt(r.requests),
    fmt(rate(r)),
    `${fmt(rate(r) / rate(base), 3)}×`,
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    fmt(r.failed),
    r.statuses,
  ])
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

export function lastLine(s: Summary): string {
  const runs = s.runs ?? []
  const show = (x: number | null | undefined, digits = 3) =>
    x == null ? 'n/a' : fmt(x, digits).replace(/,/g, '')
  const batch = s.batch ? s.batch.rawSeconds / s.batch.wismoSeconds : null
  return (
    `ingest: memory_ratio=${show(ratioOf(runs, 'memory store'))} sqlite_ratio=${show(ratioOf(runs, 'sqlite (WAL'))} ` +
    `postgres_ratio=${show(ratioOf(runs, 'postgres, 1 process'))} p99_ms_sqlite_1000rps=${show(s.p99Rate, 1)} ` +
    `batch_ratio=${show(batch)}`
  )
}
