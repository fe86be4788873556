/**
 * One scale-out worker process: ingests its share of the stream through `createWismo` on a shared
 * PostgreSQL store and runs core's outbox dispatcher (claim → send → complete) until told to drain
 * and the outbox is empty. Run by `node --conditions=@wismo/source` (type stripping), not vitest.
 */
import { readFileSync } from 'node:fs'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, isWismoError, type OutboxRow, type TrackingUpdate } from '@wismo/core'
import pg from 'pg'
import { postgresStore } from '../../src/index.ts'
import type { FromWorker, ToWorker, WorkerConfig, WorkerStats } from './protocol.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const send = (message: FromWorker) => process.send?.(message)
/** Send and wait until the message left, so exiting right after cannot lose it. */
const sendNow = (message: FromWorker) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function run(config: WorkerConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.url, max: config.lanes + 2 })
  pool.on('error', () => {})
  const stats: WorkerStats = {
    workerId: config.workerId,
    ingested: 0,
    outcomes: {},
    racesLost: 0,
    ingestRetries: 0,
    claimed: 0,
    completed: 0,
    leaseLost: 0,
  }
  const shared = postgresStore({ client: pool, schema: config.schema })
  // Count the version races lost to other processes (ingest re-reads and retries them itself).
  const store = {
    ...shared,
    commit: async (write: Parameters<typeof shared.commit>[0]) => {
      try {
        return await shared.commit(write)
      } catch (e) {
        if (isWismoError(e, 'STORE_CONFLICT') || isWismoError(e, 'STORE_DUPLICATE')) stats.racesLost++
        throw e
      }
    },
  }
  const wismo = createWismo({ store, carriers: [sandboxCarrier({ seed: 1, webhookSecret: SECRET })] })
  const stream = JSON.parse(readFileSync(config.streamFile, 'utf8')) as TrackingUpdate[]
  let draining = false
  process.on('message', (m: ToWorker) => {
    if (m.type === 'drain') draining = true
  })

  const ingestOne = async (index: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await wismo.ingest(stream[index] as TrackingUpdate)
        stats.outcomes[result.outcome] = (stats.outcomes[result.outcome] ?? 0) + 1
        return
      } catch (e) {
        // What a carrier does after a 5xx: deliver the same message again a little later.
        if (attempt >= 10 || !isWismoError(e) || !e.retryable) throw e
        stats.ingestRetries++
        await sleep(10 * attempt)
      }
    }
  }
  const queue = [...config.indices]
  const lane = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      await ingestOne(index)
      stats.ingested++
      send({ type: 'ack', index })
    }
  }

  const provider = `"${config.provider}"`
  // The provider call: every attempt is logged; the idempotency key makes a repeat a no-op that
  // answers with the first message's id, as providers that honour idempotency keys do.
  const deliver = async (row: OutboxRow) => {
    await pool.query(
      `INSERT INTO ${provider}.attempts (idempotency_key, outbox_id, worker) VALUES ($1, $2, $3)`,
      [row.idempotencyKey, row.id, config.workerId],
    )
    const sent = await pool.query(
      `INSERT INTO ${provider}.sends (idempotency_key, outbox_id, worker) VALUES ($1, $2, $3)
      ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = excluded.idempotency_key RETURNING id`,
      [row.idempotencyKey, row.id, config.workerId],
    )
    await sleep(config.sendMs)
    return { providerMessageId: `msg_${sent.rows[0]?.id}` }
  }
  // Core's dispatcher, one pass at a time: claim (leased) → handle → complete.
  const dispatch = async () => {
    for (;;) {
      let first = true
      const report = await wismo.workers.dispatchOutbox({
        workerId: config.workerId,
        limit: 10,
        leaseMs: config.leaseMs,
        handle: async (row) => {
          if (first) send({ type: 'claimed', count: 1 })
          first = false
          return deliver(row)
        },
      })
      stats.claimed += report.claimed
      stats.completed += report.completed
      stats.leaseLost += report.lost
      if (report.retried + report.dead > 0) throw new Error(`dispatch failed rows: ${JSON.stringify(report)}`)
      if (report.claimed > 0) continue
      if (draining) {
        const left = await pool.query(
          `SELECT count(*)::int AS n FROM "${config.schema}".outbox WHERE state = 'pending'`,
        )
        if (left.rows[0]?.n === 0) return
      }
      await sleep(50)
    }
  }

  const dispatcher = dispatch()
  await Promise.all(Array.from({ length: config.lanes }, lane))
  send({ type: 'ingested' })
  await dispatcher
  await pool.end()
  await sendNow({ type: 'done', stats })
}

process.once('message', (m: ToWorker) => {
  if (m.type !== 'start') return
  run(m.config).then(
    () => process.exit(0),
    async (e: unknown) => {
      await sendNow({ type: 'failed', error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) })
      process.exit(1)
    },
  )
})
