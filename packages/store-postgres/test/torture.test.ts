import { beforeAll, expect, it } from 'vitest'
import { compare } from '../../../bench/torture/record.ts'
import { JUDGED, lastLine, table } from '../../../bench/torture/report.ts'
import { type RunOptions, runOnce } from '../../../bench/torture/run-once.ts'
import { type TortureStream, tortureStream } from '../../../bench/torture/stream.ts'
import { DATABASE, serverUrl, withDatabase } from './support.ts'

/**
 * The shortened torture run (`pnpm bench:torture` is the full one): `wismo serve` processes on one
 * PostgreSQL behind a round-robin proxy, signed sandbox webhooks with 30 % duplicates, polls over
 * the same parcels, processes SIGKILLed at message counts and replaced, primaries failing and
 * timing out; checked against one quiet process fed the same seed. On the real server when
 * WISMO_TEST_PG_URL is set (required in CI), else on the PGlite stand-in over loopback.
 */
const MESSAGES = serverUrl ? 1_200 : 600
const PROCESSES = 4
const SEED = 7
const TITLE = `torture: ${PROCESSES} wismo serve processes on one PostgreSQL (${DATABASE})`

withDatabase(TITLE, (url) => {
  let stream: TortureStream
  beforeAll(() => {
    stream = tortureStream(MESSAGES, 0.3, SEED)
  })

  it('loses, doubles and leaves unsent nothing while processes are SIGKILLed and providers fail', async () => {
    const common: Omit<RunOptions, 'name' | 'processes' | 'kill' | 'faults'> = {
      url: url(),
      stream,
      concurrency: 6,
      seed: SEED,
      lookAhead: Math.ceil(stream.messages.length / 20),
      sendTimeoutMs: 2_000,
      // Failed messages retry on the bench's short ladder (5 s doubling, at most 5 min; the host's
      // `retryBackoffMs`), so a message pinned to a flaky primary drains in minutes, not hours.
      retryBackoff: 'short',
      drainTimeoutMs: 30 * 60_000,
      log: (line) => console.log(line),
    }
    const reference = await runOnce({ ...common, name: 'reference', processes: 1, kill: null, faults: false })
    const torture = await runOnce({
      ...common,
      name: 'torture',
      processes: PROCESSES,
      kill: { every: Math.floor(stream.messages.length / 4), inDrain: 1 },
      faults: true,
    })
    const verdict = compare(torture.record, reference.record)
    console.log(
      `${table(
        stream,
        [
          { name: 'reference', ...reference },
          { name: 'torture', ...torture },
        ],
        verdict,
      )}\n${lastLine(verdict)}`,
    )

    // The run really was tortured: kills, 503s, late answers, fallbacks, re-sent webhooks and polls.
    expect(torture.stats.kills.length).toBeGreaterThanOrEqual(3)
    const p = torture.stats.providers
    expect(p['email-primary'].failed + p['sms-primary'].failed).toBeGreaterThan(0)
    expect(p['email-primary'].timedOut + p['sms-primary'].timedOut).toBeGreaterThan(0)
    expect(p['email-fallback'].accepted + p['sms-fallback'].accepted).toBeGreaterThan(0)
    expect(torture.stats.pollCalls).toBeGreaterThan(0)
    expect(reference.record.notifications).toBeGreaterThan(0)
    expect(Object.values(torture.stats.exitCodes).every((c) => c === 0)).toBe(true)

    expect(torture.record.duplicates).toEqual([])
    expect(Object.fromEntries(JUDGED.map((k) => [k, verdict[k]]))).toEqual({
      lost: 0,
      dup_events: 0,
      state_mismatch: 0,
      unsent: 0,
      dup_sends: 0,
    })
  }, 3_600_000)
})
