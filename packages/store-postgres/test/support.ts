import type { PGlite } from '@electric-sql/pglite'
import type { WismoStore } from '@wismo/core'
import type { StoreProbe } from '@wismo/testing/store'
import pg from 'pg'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { migrate, postgresStore } from '../src/index.ts'
import { type PgliteBridge, pgliteBridge } from './failover-scale-out/pglite-bridge.ts'

export type RawSql = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>

/** The real server named by WISMO_TEST_PG_URL (`eval "$(scripts/start-postgres.sh)"` starts one). */
export const serverUrl = process.env.WISMO_TEST_PG_URL ?? null

/**
 * Declare tests that need the real server. In CI a missing server is a failure, not a skip, so the
 * real-server run can never silently disappear; locally the block is skipped with the reason.
 */
export function withServer(title: string, body: (url: string) => void): void {
  const url = serverUrl
  if (url) {
    describe(title, () => body(url))
    return
  }
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('has a real PostgreSQL server (WISMO_TEST_PG_URL)', () => {
        throw new Error(
          'CI=true but WISMO_TEST_PG_URL is not set: run `eval "$(scripts/start-postgres.sh)"` before the tests',
        )
      })
    })
    return
  }
  const reason = 'WISMO_TEST_PG_URL is not set (start a server with `eval "$(scripts/start-postgres.sh)"`)'
  console.warn(`[store-postgres] skipping "${title}": ${reason}`)
  describe.skip(`${title} (skipped: ${reason})`, () => {
    it('needs a real PostgreSQL server', () => {})
  })
}

/** What {@link withDatabase} runs on, for test titles. */
export const DATABASE = serverUrl ? 'PostgreSQL server' : 'PGlite stand-in'

/**
 * Declare tests that need a PostgreSQL other processes can reach: the real server when
 * WISMO_TEST_PG_URL is set (required in CI, as {@link withServer} enforces), otherwise a PGlite
 * stand-in served over loopback TCP (see failover-scale-out/pglite-bridge.ts). `url()` is ready
 * from the body's own `beforeAll` hooks on.
 */
export function withDatabase(title: string, body: (url: () => string) => void): void {
  if (serverUrl || process.env.CI === 'true') {
    withServer(title, (url) => body(() => url))
    return
  }
  describe(title, () => {
    let bridge: PgliteBridge | undefined
    beforeAll(async () => {
      bridge = await pgliteBridge()
    }, 120_000)
    afterAll(async () => {
      await bridge?.close()
    })
    body(() => bridge?.url ?? '')
  })
}

/** A schema name no other test run uses. */
export const freshSchema = (prefix = 'wismo_t') =>
  `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`

export const pgliteSql =
  (db: PGlite): RawSql =>
  async (text, params) =>
    (await db.query(text, params)).rows as Record<string, unknown>[]
export const poolSql =
  (pool: pg.Pool): RawSql =>
  async (text, params) =>
    (await pool.query(text, params)).rows

const TABLES = ['orders', 'shipments', 'events', 'outbox', 'preferences', 'deliveries', 'feedback']

export async function truncate(sql: RawSql, schema: string): Promise<void> {
  await sql(`TRUNCATE ${TABLES.map((t) => `"${schema}".${t}`).join(', ')}`)
}

/** Reads the tables with raw SQL over a connection the store does not use. */
export function probeOf(sql: RawSql, schema: string): StoreProbe {
  const s = `"${schema}"`
  const count = async (text: string, params: unknown[]) => Number((await sql(text, params))[0]?.n ?? 0)
  return {
    countEvents: (id) => count(`SELECT count(*) AS n FROM ${s}.events WHERE shipment_id = $1`, [id]),
    countOutbox: (key) => count(`SELECT count(*) AS n FROM ${s}.outbox WHERE idempotency_key = $1`, [key]),
    shipmentVersion: async (id) => {
      const [row] = await sql(`SELECT version FROM ${s}.shipments WHERE id = $1`, [id])
      return row ? Number(row.version) : null
    },
    eventTime: async (id, key) => {
      const [row] = await sql(
        `SELECT occurred_at FROM ${s}.events WHERE shipment_id = $1 AND dedup_key = $2`,
        [id, key],
      )
      return row ? String(row.occurred_at) : null
    },
    outboxState: async (key) => {
      const [row] = await sql(
        `SELECT state, attempts, lease_owner FROM ${s}.outbox WHERE idempotency_key = $1`,
        [key],
      )
      return row
        ? {
            state: String(row.state),
            attempts: Number(row.attempts),
            leaseOwner: (row.lease_owner as string | null) ?? null,
          }
        : null
    },
    pollOwner: async (id) => {
      const [row] = await sql(`SELECT poll_owner FROM ${s}.shipments WHERE id = $1`, [id])
      return (row?.poll_owner as string | null | undefined) ?? null
    },
    corruptFeedback: async (id) => {
      await sql(`UPDATE ${s}.feedback SET rating = 9 WHERE shipment_id = $1`, [id])
    },
  }
}

/** A migrated store on a pool, plus a separate admin pool for probes and cleanup. */
export async function serverStore(
  url: string,
  schema: string,
  max = 20,
): Promise<{ pool: pg.Pool; admin: pg.Pool; store: WismoStore }> {
  const pool = new pg.Pool({ connectionString: url, max })
  const admin = new pg.Pool({ connectionString: url, max: 2 })
  await migrate(pool, { schema })
  return { pool, admin, store: postgresStore({ client: pool, schema }) }
}

export async function dropSchema(sql: RawSql, schema: string): Promise<void> {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
}
