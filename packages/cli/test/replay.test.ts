import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.ts'
import { capture } from './capture.ts'
import { REPLAY_SECRET } from './fixtures/replay-secret.ts'

const CONFIG = join(import.meta.dirname, 'fixtures/replay.config.ts')

/** Saved deliveries as a host would keep them: carrier, headers, raw body, when received. */
async function savedDeliveries(count: number): Promise<string[]> {
  const { simulator } = sandboxCarrier({ seed: 21, webhookSecret: REPLAY_SECRET })
  const run = simulator.simulateMany({ count, start: new Date('2026-03-02T08:00:00Z') })
  return Promise.all(
    run.deliveries.map(async (d) => {
      const request = await simulator.toRequest(d)
      const headers = Object.fromEntries(request.headers)
      const receivedAt = new Date(d.deliverAt).toISOString()
      return JSON.stringify({ carrier: 'sandbox', headers, body: d.body, receivedAt })
    }),
  )
}

function setup(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'wismo-replay-'))
  const file = join(dir, 'deliveries.jsonl')
  writeFileSync(file, `${lines.join('\n')}\n`)
  const db = join(dir, 'replay.sqlite')
  // The config reads its database path when imported, which runCli does.
  process.env.WISMO_REPLAY_DB = db
  return { file, db }
}

const replay = async (file: string, ...extra: string[]) => {
  const c = capture()
  const code = await runCli(['replay', file, '--config', CONFIG, ...extra], c.io)
  return { code, out: c.out(), err: c.err() }
}

describe('wismo replay', () => {
  it('re-ingests saved webhooks without their signatures; a second replay adds nothing', async () => {
    const lines = await savedDeliveries(4)
    const { file, db } = setup(lines)
    const first = await replay(file, '--json')
    expect(first.code).toBe(0)
    const report = JSON.parse(first.out)
    expect(report).toMatchObject({ lines: lines.length, updates: lines.length, failed: [] })
    expect(report.newEvents).toBeGreaterThan(0)
    expect(report.newEvents + report.unchanged).toBeGreaterThanOrEqual(lines.length)
    const sqlite = new Database(db, { readonly: true })
    const stored = (sqlite.prepare('select count(*) as n from events').get() as { n: number }).n
    sqlite.close()
    expect(stored).toBe(report.newEvents)
    // Not a terminal: no progress lines.
    expect(first.err).toBe('')

    const second = await replay(file, '--json')
    expect(second.code).toBe(0)
    expect(JSON.parse(second.out)).toMatchObject({
      lines: lines.length,
      updates: lines.length,
      newEvents: 0,
      unchanged: lines.length,
      failed: [],
    })
  }, 30_000)

  it('reports each bad line with its number and code, replays the rest, and exits 1', async () => {
    const [good] = await savedDeliveries(1)
    const { file } = setup([
      good as string,
      '{ not json',
      JSON.stringify({ carrier: 'nobody', headers: {}, body: '{}' }),
      JSON.stringify({ carrier: 'sandbox', headers: {}, body: '{"hello":1}' }),
      JSON.stringify({ carrier: 'sandbox', headers: {}, body: 'x', bodyBase64: 'eA==' }),
      '',
      JSON.stringify({ carrier: 'sandbox', headers: {}, bodyBase64: Buffer.from('[1,').toString('base64') }),
    ])
    const text = await replay(file)
    expect(text.code).toBe(1)
    expect(text.out).toMatch(/6 lines read, 1 updates ingested, \d+ new events, 0 unchanged, 5 failed/)
    expect(text.out).toMatch(/line 2: not a JSON object \(INPUT_INVALID\)/)
    expect(text.out).toMatch(/line 3: no carrier "nobody" in this config \(CARRIER_UNKNOWN\)/)
    expect(text.out).toMatch(/line 4: .*\(WEBHOOK_UNPROCESSABLE\)/)
    expect(text.out).toMatch(/line 5: .*exactly one of body or bodyBase64 \(INPUT_INVALID\)/)
    expect(text.out).toMatch(/line 7: Body is not valid JSON \(WEBHOOK_MALFORMED\)/)

    const json = await replay(file, '--json')
    expect(json.code).toBe(1)
    const report = JSON.parse(json.out)
    expect(report.failed.map((f: { line: number; code: string }) => [f.line, f.code])).toEqual([
      [2, 'INPUT_INVALID'],
      [3, 'CARRIER_UNKNOWN'],
      [4, 'WEBHOOK_UNPROCESSABLE'],
      [5, 'INPUT_INVALID'],
      [7, 'WEBHOOK_MALFORMED'],
    ])
    expect(report).toMatchObject({ lines: 6, updates: 1, newEvents: 0, unchanged: 1 })
  }, 30_000)

  it('shows a progress line every 500 lines when stderr is a terminal, none with --json', async () => {
    const [line] = await savedDeliveries(1)
    const { file } = setup(Array.from({ length: 1001 }, () => line as string))
    const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY')
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true })
    try {
      const text = await replay(file)
      expect(text.code).toBe(0)
      expect(text.err).toBe('wismo replay: 500 lines…\nwismo replay: 1000 lines…\n')
      expect(text.out).toMatch(
        /1001 lines read, 1001 updates ingested, \d+ new events, 1000 unchanged, 0 failed/,
      )
      expect((await replay(file, '--json')).err).toBe('')
    } finally {
      if (tty) Object.defineProperty(process.stderr, 'isTTY', tty)
      else delete (process.stderr as { isTTY?: boolean }).isTTY
    }
  }, 60_000)

  it('refuses a missing file with exit 2, as JSON with --json', async () => {
    setup([])
    const c = capture()
    expect(await runCli(['replay', '/nonexistent/x.jsonl', '--config', CONFIG, '--json'], c.io)).toBe(2)
    expect(JSON.parse(c.err())).toEqual({
      error: { code: 'INPUT_INVALID', message: 'no replay file at /nonexistent/x.jsonl' },
    })
    expect(c.out()).toBe('')
  })
})
