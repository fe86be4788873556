/**
 * One process of the failover proof: a Wismo instance on the shared PostgreSQL store with the
 * primary carrier, its aggregator as failover, and breakers; on each `round` it sets its clock and
 * runs `workers.pollDue` until nothing is due. Run by `node --conditions=@wismo/source`, not vitest.
 *
 * Time is logical: the test sets it per round and it stands still within one, so which shipments
 * are due and when a breaker may probe never depend on how fast this machine is. Core's breaker
 * (cockatiel) reads `Date.now()` for its half-open pause and takes no clock, so this process sets
 * `Date.now` to the same logical clock (timers and the store's leases keep real time).
 */
import { createWismo, type Logger } from '@wismo/core'
import pg from 'pg'
import { postgresStore } from '../../src/index.ts'
import { failoverCarriers } from './carriers.ts'
import {
  AGGREGATOR,
  type BreakerView,
  FAILURES,
  type FailoverWorkerConfig,
  type FromFailoverWorker,
  HALF_OPEN_AFTER_MS,
  HOUR,
  PRIMARY,
  type RoundReport,
  T0,
  type ToFailoverWorker,
} from './protocol.ts'

const sendNow = (message: FromFailoverWorker) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()))

let now = T0
Date.now = () => now

async function run(config: FailoverWorkerConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.url, max: 2 })
  pool.on('error', () => {})
  const state = { round: 0, breaker: 'closed' as BreakerView, opened: 0, closed: 0 }
  // Core logs its breakers' transitions; this is how the worker knows its own breaker's state.
  const logger: Logger = {
    debug() {},
    info(obj, msg) {
      if (msg === 'carrier breaker closed again' && (obj as { carrier?: string }).carrier === PRIMARY) {
        state.breaker = 'closed'
        state.closed++
      }
    },
    warn(obj, msg) {
      if (
        msg === 'carrier breaker opened: calls paused' &&
        (obj as { carrier?: string }).carrier === PRIMARY
      ) {
        state.breaker = 'open'
        state.opened++
      }
    },
    error() {},
  }
  const wismo = createWismo({
    store: postgresStore({ client: pool, schema: config.schema }),
    carriers: failoverCarriers(config.baseUrl, () => ({
      worker: config.workerId,
      round: state.round,
      breaker: state.breaker,
    })),
    logger,
    clock: () => new Date(now),
    breakers: { failures: FAILURES, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
    failover: { [PRIMARY]: [AGGREGATOR] },
  })
  await pool.query('SELECT 1')
  await sendNow({ type: 'ready' })

  const rounds = async (m: ToFailoverWorker) => {
    if (m.type === 'stop') {
      await pool.end()
      process.exit(0)
    }
    if (m.type !== 'round') return
    now = m.at
    state.round = m.round
    const report: RoundReport = {
      workerId: config.workerId,
      round: m.round,
      claimed: 0,
      tracked: 0,
      failed: 0,
      breaker: state.breaker,
      opened: 0,
      closed: 0,
    }
    for (;;) {
      const pass = await wismo.workers.pollDue({
        workerId: config.workerId,
        limit: 2,
        leaseMs: 10 * 60_000,
        intervals: { pending: HOUR, info_received: HOUR, in_transit: HOUR, out_for_delivery: HOUR },
        expireAfterMs: null,
      })
      report.claimed += pass.claimed
      report.tracked += pass.tracked
      report.failed += pass.failed
      if (pass.claimed === 0) break
    }
    await sendNow({
      type: 'idle',
      report: { ...report, breaker: state.breaker, opened: state.opened, closed: state.closed },
    })
  }
  process.on('message', (m: ToFailoverWorker) => {
    rounds(m).catch(async (e: unknown) => {
      await sendNow({ type: 'failed', error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) })
      process.exit(1)
    })
  })
}

process.once('message', (m: ToFailoverWorker) => {
  if (m.type !== 'start') return
  run(m.config).catch(async (e: unknown) => {
    await sendNow({ type: 'failed', error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) })
    process.exit(1)
  })
})
