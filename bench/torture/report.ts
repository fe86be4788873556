/** The torture table and its last line (`torture: lost=… dup_events=… …`), and whether the run passed. */
import { availableParallelism } from 'node:os'
import { PROVIDERS } from './providers.ts'
import type { RunRecord, Verdict } from './record.ts'
import type { RunStats } from './run-once.ts'
import type { TortureStream } from './stream.ts'

export const JUDGED = ['lost', 'dup_events', 'state_mismatch', 'unsent', 'dup_sends'] as const

export const passed = (v: Verdict) => JUDGED.every((k) => v[k] === 0)

export const lastLine = (v: Verdict) => `torture: ${JUDGED.map((k) => `${k}=${v[k]}`).join(' ')}`

const sum = (m: Map<string, number> | Map<string, string[]>) =>
  [...m.values()].reduce<number>((n, v) => n + (typeof v === 'number' ? v : v.length), 0)

export function table(
  stream: TortureStream,
  runs: { name: string; record: RunRecord; stats: RunStats }[],
  verdict: Verdict,
): string {
  const rows: [string, ...string[]][] = [
    ['', ...runs.map((r) => r.name)],
    [
      'processes started (kills)',
      ...runs.map((r) => `${r.stats.processesStarted} (${r.stats.kills.length})`),
    ],
    ['seconds', ...runs.map((r) => String(r.stats.seconds))],
    ['seconds posting / draining', ...runs.map((r) => `${r.stats.postSeconds} / ${r.stats.drainSeconds}`)],
    ['shipments stored', ...runs.map((r) => String(sum(r.record.shipmentRows)))],
    ['scans stored', ...runs.map((r) => String(sum(r.record.events)))],
    [
      'webhook re-sends: proxy / sender',
      ...runs.map((r) => `${r.stats.proxyRetries} / ${r.stats.senderRetries}`),
    ],
    ['poll calls to the carrier API', ...runs.map((r) => String(r.stats.pollCalls))],
    [
      'notification rows (handed out > 1)',
      ...runs.map((r) => `${r.record.notifications} (${r.record.rehanded})`),
    ],
    ['notifications reaching a customer', ...runs.map((r) => String(sum(r.record.sent)))],
    [
      "rows for the shop's systems (missed)",
      ...runs.map((r) => `${r.record.hostRows} (${r.record.hostMissed})`),
    ],
    ['outbox rows left unfinished', ...runs.map((r) => String(r.record.unfinished))],
    ...PROVIDERS.map((p): [string, ...string[]] => [
      `${p}: calls / 503 / late / key replays / accepted`,
      ...runs.map((r) => {
        const c = r.stats.providers[p]
        return `${c.calls} / ${c.failed} / ${c.timedOut} / ${c.replays} / ${c.accepted}`
      }),
    ]),
  ]
  const width = rows
    .map((r) => r.map((c) => c.length))
    .reduce((a, b) => a.map((w, i) => Math.max(w, b[i] ?? 0)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(width[i] ?? 0)).join(' | ')} |`
  const head = [line(rows[0] as string[]), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`]
  return [
    `torture on ${availableParallelism()} cores: ${stream.messages.length} webhooks (${stream.duplicates} duplicates, ${stream.parcels} parcels)`,
    ...head,
    ...rows.slice(1).map(line),
    '',
    `against the reference: lost ${verdict.lost}, scans stored twice ${verdict.dup_events}, shipments in another state ${verdict.state_mismatch}, ` +
      `notifications due but not sent ${verdict.unsent}, sent twice ${verdict.dup_sends}, sent only under torture ${verdict.extra_sends}`,
  ].join('\n')
}
