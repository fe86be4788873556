import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { allEvents, createWismo, type DeliveredRecord, type WismoStore } from '@wismo/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type IngestStream, ingestStream, SANDBOX_SECRET } from '../../../bench/ingest/stream.ts'
import { migrate, postgresStore } from '../src/index.ts'
import { pg } from './clients.ts'
import { type RunResult, runWorkers } from './scale-out/orchestrate.ts'
import { dropSchema, freshSchema, poolSql, withServer } from './support.ts'

const MESSAGES = 20_000
const PROCESSES = 4

/**
 * What must not depend on arrival order or on how many processes ingested. Left out, because core
 * derives them from arrival order by design (not a store matter): the ETA (the last-arrived carrier
 * estimate wins, `madeAt` is the ingest clock), `version`/`updatedAt`, and the delivery record's
 * `handedOverAt`, fixed from the scans known when "delivered" was first reached.
 */
async function snapshot(store: WismoStore): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>()
  const deliveries = new Map<string, DeliveredRecord>()
  for (const d of await store.listDeliveries({})) deliveries.set(d.shipmentId, d)
  let cursor: string | null = null
  do {
    const page = await store.listShipments({ limit: 1000, cursor })
    for (const s of page.items) {
      const events = (await allEvents(store, s.id)).map(({ receivedAt: _r, shipmentId: _s, ...e }) => e)
      const d = deliveries.get(s.id)
      out.set(`${s.carrier}|${s.trackingNumber}`, {
        status: s.status,
        subStatus: s.subStatus,
        statusChangedAt: s.statusChangedAt,
        lastEventAt: s.lastEventAt,
        service: s.service,
        origin: s.origin,
        destination: s.destination,
        direction: s.direction,
        carrierShipmentId: s.carrierShipmentId,
        events,
        delivery: d ? d.deliveredAt : null,
      })
    }
    cursor = page.nextCursor
  } while (cursor)
  return out
}

function differences(actual: Map<string, unknown>, expected: Map<string, unknown>): string[] {
  const keys = new Set([...actual.keys(), ...expected.keys()])
  return [...keys].filter((k) => JSON.stringify(actual.get(k)) !== JSON.stringify(expected.get(k)))
}

withServer('scale-out: worker processes sharing one PostgreSQL', (url) => {
  const dir = mkdtempSync(join(tmpdir(), 'wismo-scale-'))
  const streamFile = join(dir, 'stream.json')
  const admin = new pg.Pool({ connectionString: url, max: 4 })
  const schemas: string[] = []
  let stream: IngestStream
  let expected: Map<string, unknown>

  beforeAll(async () => {
    stream = ingestStream({ messages: MESSAGES, duplicateShare: 0.3, seed: 42 })
    writeFileSync(streamFile, JSON.stringify(stream.updates))
    // The reference: one process, the memory store, the same shuffled stream.
    const wismo = createWismo({ carriers: [sandboxCarrier({ seed: 1, webhookSecret: SANDBOX_SECRET })] })
    for (const update of stream.updates) await wismo.ingest(update)
    expected = await snapshot(wismo.store)
  }, 300_000)

  afterAll(async () => {
    for (const s of schemas) await dropSchema(poolSql(admin), s)
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  })

  async function scaleOut(kill: boolean): Promise<void> {
    const schema = freshSchema('wismo_scale')
    const provider = `${schema}_provider`
    schemas.push(schema, provider)
    await migrate(admin, { schema })
    await admin.query(`CREATE SCHEMA "${provider}"`)
    await admin.query(
      `CREATE TABLE "${provider}".sends (id bigserial PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, outbox_id text NOT NULL, worker text NOT NULL)`,
    )
    await admin.query(
      `CREATE TABLE "${provider}".attempts (id bigserial PRIMARY KEY, idempotency_key text NOT NULL, outbox_id text NOT NULL, worker text NOT NULL)`,
    )
    const sql = async (text: string, params?: unknown[]) => (await admin.query(text, params)).rows
    let orphaned: string[] = []
    const run: RunResult = await runWorkers({
      base: { url, schema, provider, streamFile, lanes: 4, leaseMs: 3000, sendMs: 2 },
      total: stream.updates.length,
      processes: PROCESSES,
      ...(kill
        ? {
            killAt: 0.4,
            killDelayMs: 6,
            afterKill: async (workerId: string) => {
              const rows = await sql(
                `SELECT id FROM "${schema}".outbox WHERE lease_owner = $1 AND state = 'pending'`,
                [workerId],
              )
              orphaned = rows.map((r) => String(r.id))
            },
          }
        : {}),
    })

    const store = postgresStore({ client: admin, schema })
    const actual = await snapshot(store)
    const count = async (text: string) => Number((await sql(text))[0]?.n)
    const s = `"${schema}"`
    const p = `"${provider}"`
    const report = {
      messages: stream.updates.length,
      duplicates: stream.duplicates,
      scans: stream.scans,
      processes: run.processes,
      killed: run.killed,
      seconds: Math.round(run.ms / 100) / 10,
      shipments: actual.size,
      events: await count(`SELECT count(*) AS n FROM ${s}.events`),
      eventsStoredTwice: await count(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${s}.events GROUP BY shipment_id, dedup_key HAVING count(*) > 1) x`,
      ),
      outboxRows: await count(`SELECT count(*) AS n FROM ${s}.outbox`),
      outboxNotDone: await count(`SELECT count(*) AS n FROM ${s}.outbox WHERE state <> 'done'`),
      sends: await count(`SELECT count(*) AS n FROM ${p}.sends`),
      sendAttempts: await count(`SELECT count(*) AS n FROM ${p}.attempts`),
      completedWithOtherMessage:
        await count(`SELECT count(*) AS n FROM ${s}.outbox o LEFT JOIN ${p}.sends x ON x.idempotency_key = o.idempotency_key
        WHERE o.provider_message_id IS DISTINCT FROM 'msg_' || x.id OR x.outbox_id <> o.id`),
      reclaimedRows: await count(`SELECT count(*) AS n FROM ${s}.outbox WHERE attempts > 1`),
      orphanedLeases: orphaned.length,
      versionRacesLost: run.stats.reduce((n, w) => n + w.racesLost, 0),
      ingestRetries: run.stats.reduce((n, w) => n + w.ingestRetries, 0),
      leaseLost: run.stats.reduce((n, w) => n + w.leaseLost, 0),
      completions: run.stats.reduce((n, w) => n + w.completed, 0),
      outcomes: run.stats.reduce<Record<string, number>>((acc, w) => {
        for (const [k, v] of Object.entries(w.outcomes)) acc[k] = (acc[k] ?? 0) + v
        return acc
      }, {}),
    }
    console.log(`scale-out${kill ? ' with SIGKILL' : ''}: ${JSON.stringify(report)}`)

    expect(report.messages).toBeGreaterThanOrEqual(MESSAGES)
    expect(report.duplicates / report.messages).toBeCloseTo(0.3, 2)
    expect(differences(actual, expected)).toEqual([])
    expect(report.events).toBe(
      [...expected.values()].reduce<number>((n, x) => n + (x as { events: unknown[] }).events.length, 0),
    )
    expect(report.eventsStoredTwice).toBe(0)
    expect(report.outboxRows).toBeGreaterThan(0)
    expect(report.outboxNotDone).toBe(0)
    expect(report.sends).toBe(report.outboxRows)
    expect(report.completedWithOtherMessage).toBe(0)
    if (!kill) expect(report.completions).toBe(report.outboxRows)
    if (kill) {
      expect(run.killed?.handedOver).toBeGreaterThan(0)
      expect(run.processes).toBe(PROCESSES + 1)
      expect(orphaned.length).toBeGreaterThan(0)
      const taken = await sql(`SELECT state, attempts FROM ${s}.outbox WHERE id = ANY($1::text[])`, [
        orphaned,
      ])
      for (const row of taken) expect(row).toMatchObject({ state: 'done', attempts: expect.any(Number) })
      expect(taken.every((r) => Number(r.attempts) >= 2)).toBe(true)
    }
  }

  it(
    `${PROCESSES} processes reach the single-process state; each event stored once, each outbox row completed once`,
    () => scaleOut(false),
    600_000,
  )
  it(
    `the same when one of ${PROCESSES} processes is SIGKILLed mid-run and a new one takes over`,
    () => scaleOut(true),
    600_000,
  )
})
