/**
 * `wismo replay <file> --config <file>`: re-ingest saved raw webhooks (after fixing a mapping,
 * say) through the configured instance, line by line, and count what they added.
 */
import { createReadStream, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { isWismoError, type Wismo, WismoError } from '@wismo/core'
import { CONFIG_OPTION, type Command, JSON_OPTION, oneLine } from './command.ts'
import { configPath, importConfig } from './config-file.ts'
import { replayLine } from './replay-line.ts'
import { parseServeConfig } from './serve-config.ts'

/** What a replay did. `failed` names each line that could not be replayed, and why. */
interface ReplayReport {
  file: string
  lines: number
  updates: number
  newEvents: number
  unchanged: number
  failed: { line: number; code: string; message: string }[]
}

/** Store failures that would fail every line alike. */
const STOPS = new Set(['STORE_UNAVAILABLE', 'STORE_FAILED', 'STORE_CORRUPT', 'STORE_SCHEMA_TOO_NEW'])

/** A progress line on stderr every this many lines, when stderr is a terminal. */
const PROGRESS_EVERY = 500

export const replayCommand: Command = {
  summary: 're-ingest saved raw webhooks (JSON Lines) without their stale signatures',
  args: '<file.jsonl>',
  options: { config: CONFIG_OPTION, json: JSON_OPTION },
  examples: ['deliveries.jsonl --config wismo.config.ts', 'deliveries.jsonl --config wismo.config.ts --json'],
  exitCodes: {
    0: 'every line replayed (already stored scans count as unchanged)',
    1: 'at least one line failed (each listed with its line number and code); the others were replayed',
  },
  async run(values, positionals, io) {
    const [input, ...extra] = positionals
    if (!input || extra.length > 0)
      throw new WismoError('INPUT_INVALID', 'usage: wismo replay <file> --config <file>')
    const file = resolve(input)
    if (!existsSync(file)) throw new WismoError('INPUT_INVALID', `no replay file at ${file}`)
    const config = parseServeConfig((await importConfig(configPath(values))).default)
    const progress = process.stderr.isTTY === true && values.json !== true
    let report: ReplayReport
    try {
      report = await replayFile(config.wismo, file, (n) => {
        if (progress && n % PROGRESS_EVERY === 0) io.err(`wismo replay: ${n} lines…\n`)
      })
    } finally {
      await config.wismo.store.close()
      await config.close?.()
    }
    io.out(values.json ? `${JSON.stringify(report)}\n` : summary(report))
    return report.failed.length > 0 ? 1 : 0
  },
}

/** Replay each non-empty line of `file`; a line that fails is recorded and the next one goes on. */
async function replayFile(wismo: Wismo, file: string, onLine: (n: number) => void): Promise<ReplayReport> {
  const report: ReplayReport = { file, lines: 0, updates: 0, newEvents: 0, unchanged: 0, failed: [] }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })
  let number = 0
  for await (const text of lines) {
    number++
    if (text.trim() === '') continue
    report.lines++
    try {
      const outcome = await replayLine(wismo, text)
      report.updates += outcome.updates
      report.newEvents += outcome.newEvents
      report.unchanged += outcome.unchanged
    } catch (e) {
      // A store that is down fails every line alike: stop instead of listing them all.
      if (isWismoError(e) && STOPS.has(e.code)) throw e
      const code = isWismoError(e) ? e.code : 'INTERNAL'
      report.failed.push({ line: number, code, message: (e as Error)?.message ?? String(e) })
    }
    onLine(report.lines)
  }
  return report
}

function summary(r: ReplayReport): string {
  const failed = r.failed.map((f) => `  line ${f.line}: ${oneLine(f.message)} (${f.code})\n`).join('')
  return (
    `wismo replay ${r.file}: ${r.lines} lines read, ${r.updates} updates ingested, ` +
    `${r.newEvents} new events, ${r.unchanged} unchanged, ${r.failed.length} failed\n${failed}`
  )
}
