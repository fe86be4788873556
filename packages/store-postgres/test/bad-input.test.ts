import { PGlite } from '@electric-sql/pglite'
import { isWismoError, type ShipmentWrite, type WismoErrorCode } from '@wismo/core'
import { SHIPMENT_COLUMNS, shipmentRecord } from '@wismo/core/sql'
import { eventFixture, shipmentFixture } from '@wismo/testing/store'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LATEST_VERSION,
  MIGRATIONS,
  migrate,
  type PoolLike,
  postgresStore,
  type Queryable,
  type TransactionalClient,
} from '../src/index.ts'
import { dropSchema, freshSchema, pgliteSql, poolSql, type RawSql, withServer } from './support.ts'

const JSON_COLUMNS = new Set(['origin', 'destination', 'eta', 'metadata'])

async function codeOf(fn: () => unknown): Promise<WismoErrorCode | 'none'> {
  try {
    await fn()
    return 'none'
  } catch (e) {
    if (!isWismoError(e)) throw e
    return e.code
  }
}

/** A full ingest write: shipment, two events, an outbox row and a delivery record. */
function fullWrite(): ShipmentWrite {
  const shipment = shipmentFixture({ status: 'delivered' })
  return {
    shipment,
    expectedVersion: null,
    events: [
      eventFixture(shipment, 1, '2026-03-02T10:00:00Z'),
      eventFixture(shipment, 2, '2026-03-03T10:00:00+02:00'),
    ],
    outbox: [
      {
        idempotencyKey: `k-${shipment.id}`,
        shipmentId: shipment.id,
        topic: 'shipment.delivered',
        payload: { a: 1 },
      },
    ],
    delivery: {
      shipmentId: shipment.id,
      carrier: 'sandbox',
      service: null,
      originRegion: null,
      destinationRegion: null,
      purchasedAt: null,
      handedOverAt: null,
      deliveredAt: '2026-03-03T08:00:00.000Z',
      promisedDate: null,
    },
    nextPollAt: null,
  }
}

async function rowsOf(sql: RawSql, schema: string, shipmentId: string) {
  const count = async (table: string, column: string) =>
    Number(
      (await sql(`SELECT count(*) AS n FROM "${schema}".${table} WHERE ${column} = $1`, [shipmentId]))[0]?.n,
    )
  return {
    shipments: await count('shipments', 'id'),
    events: await count('events', 'shipment_id'),
    outbox: await count('outbox', 'shipment_id'),
    deliveries: await count('deliveries', 'shipment_id'),
  }
}

const lost = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })

/** The bad-input cases, run on PGlite and on the real server. */
interface Setup {
  client: PoolLike | TransactionalClient
  sql: RawSql
  /** A client whose Nth statement after `arm()` fails as a lost connection would. */
  failing: (n: number) => { client: PoolLike | TransactionalClient; arm: () => void }
  /** How many statements a full commit sends (one: a single statement with writable CTEs). */
  statements: number
}

function badInputCases(name: string, setup: () => Setup) {
  describe(`postgres store bad input: ${name}`, () => {
    const schemas: string[] = []
    const schema = () => {
      const s = freshSchema('wismo_bad')
      schemas.push(s)
      return s
    }
    afterAll(async () => {
      for (const s of schemas) await dropSchema(setup().sql, s)
    })

    it('refuses a schema newer than the code with STORE_SCHEMA_TOO_NEW and writes nothing', async () => {
      const { client, sql } = setup()
      const s = schema()
      await migrate(client, { schema: s })
      await sql(`INSERT INTO "${s}".wismo_migrations (version, name) VALUES ($1, 'from the future')`, [
        LATEST_VERSION + 3,
      ])
      const store = postgresStore({ client, schema: s })
      const write = fullWrite()
      const error = await store.commit(write).catch((e: unknown) => e)
      expect(error).toMatchObject({
        code: 'STORE_SCHEMA_TOO_NEW',
        details: { found: LATEST_VERSION + 3, supported: LATEST_VERSION },
      })
      expect(await codeOf(() => migrate(client, { schema: s }))).toBe('STORE_SCHEMA_TOO_NEW')
      expect(await rowsOf(sql, s, write.shipment.id)).toEqual({
        shipments: 0,
        events: 0,
        outbox: 0,
        deliveries: 0,
      })
    })

    it("refuses a schema holding another application's tables, leaving them untouched", async () => {
      const { client, sql } = setup()
      const s = schema()
      await sql(`CREATE SCHEMA "${s}"`)
      await sql(`CREATE TABLE "${s}".orders (id serial PRIMARY KEY, total numeric)`)
      const error = await postgresStore({ client, schema: s })
        .getOrder('x')
        .catch((e: unknown) => e)
      expect(error).toMatchObject({
        code: 'STORE_CORRUPT',
        details: { reason: 'foreign', tables: ['orders'] },
      })
      const tables = await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [
        s,
      ])
      expect(tables.map((t) => t.table_name)).toEqual(['orders'])
    })

    it('leaves nothing behind when the connection is lost at any statement of a commit', async () => {
      const { client, sql, failing } = setup()
      const s = schema()
      await migrate(client, { schema: s })
      // The store checks the schema on first use; the failure is armed after that, so it hits the commit.
      const failingStore = async (n: number) => {
        const { client: c, arm } = failing(n)
        const store = postgresStore({ client: c, schema: s, migrate: false })
        await store.countByStatus()
        arm()
        return store
      }
      for (let n = 1; n <= setup().statements; n++) {
        const write = fullWrite()
        const store = await failingStore(n)
        const code = await codeOf(() => store.commit(write))
        expect(code, `failure at query ${n}`).toBe('STORE_UNAVAILABLE')
        expect(await rowsOf(sql, s, write.shipment.id), `failure at query ${n}`).toEqual({
          shipments: 0,
          events: 0,
          outbox: 0,
          deliveries: 0,
        })
      }
      const write = fullWrite()
      await (await failingStore(99)).commit(write)
      expect(await rowsOf(sql, s, write.shipment.id)).toEqual({
        shipments: 1,
        events: 2,
        outbox: 1,
        deliveries: 1,
      })
    })

    it('reports a damaged row as STORE_ROW_INVALID and characters PostgreSQL cannot store as INPUT_INVALID', async () => {
      const { client, sql } = setup()
      const s = schema()
      const store = postgresStore({ client, schema: s })
      const write = fullWrite()
      await store.commit(write)
      await sql(`UPDATE "${s}".shipments SET status = 'teleported' WHERE id = $1`, [write.shipment.id])
      expect(await codeOf(() => store.getShipment(write.shipment.id))).toBe('STORE_ROW_INVALID')
      const nul = fullWrite()
      const bad = {
        ...nul,
        events: [eventFixture(nul.shipment, 1, '2026-03-02', { rawText: 'before\u0000after' })],
      }
      expect(await codeOf(() => store.commit(bad))).toBe('INPUT_INVALID')
      expect(await rowsOf(sql, s, nul.shipment.id)).toEqual({
        shipments: 0,
        events: 0,
        outbox: 0,
        deliveries: 0,
      })
      // The same when only the last part of the commit (the delivery record) cannot be stored.
      const late = fullWrite()
      const badDelivery = {
        ...late,
        delivery: { ...late.delivery, promisedDate: 'x\u0000' },
      } as ShipmentWrite
      expect(await codeOf(() => store.commit(badDelivery))).toBe('INPUT_INVALID')
      expect(await rowsOf(sql, s, late.shipment.id)).toEqual({
        shipments: 0,
        events: 0,
        outbox: 0,
        deliveries: 0,
      })
    })

    it('stores a key repeated inside one commit once and reports it once', async () => {
      const { client, sql } = setup()
      const s = schema()
      const store = postgresStore({ client, schema: s })
      const write = fullWrite()
      const [event] = write.events
      const [row] = write.outbox
      if (!event || !row) throw new Error('fixture')
      const twice = { ...write, events: [event, event], outbox: [row, row] }
      expect(await store.commit(twice)).toMatchObject({
        insertedEventKeys: [event.dedupKey],
        enqueuedKeys: [row.idempotencyKey],
      })
      expect(await rowsOf(sql, s, write.shipment.id)).toEqual({
        shipments: 1,
        events: 1,
        outbox: 1,
        deliveries: 1,
      })
    })

    it('migrates once, also when many stores start together, and can be told not to migrate', async () => {
      const { client } = setup()
      const s = schema()
      expect(await codeOf(() => postgresStore({ client, schema: s, migrate: false }).countByStatus())).toBe(
        'CONFIG_INVALID',
      )
      const results = await Promise.all(Array.from({ length: 5 }, () => migrate(client, { schema: s })))
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1)
      expect(results.map((r) => r.to)).toEqual(Array(5).fill(LATEST_VERSION))
      expect(await postgresStore({ client, schema: s, migrate: false }).countByStatus()).toEqual({})
    })

    it('upgrades a version-1 schema with its rows: shipments read back, parcels numbered, new columns persist', async () => {
      const { client, sql } = setup()
      const s = schema()
      // A version-1 schema built from its own step, with rows as version 1 wrote them: two parcels
      // of one number (the split the identity rule now prevents) must both survive the upgrade.
      await sql(`CREATE SCHEMA "${s}"`)
      for (const step of MIGRATIONS[0]?.steps(`"${s}"`) ?? []) await sql(step)
      await sql(`CREATE TABLE "${s}".wismo_migrations (version integer PRIMARY KEY, name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`)
      await sql(`INSERT INTO "${s}".wismo_migrations (version, name) VALUES (1, 'initial schema')`)
      const old = shipmentFixture({ status: 'in_transit', createdAt: '2026-03-01T00:00:00.000Z' })
      const twin = shipmentFixture({
        trackingNumber: old.trackingNumber,
        carrierShipmentId: 'trk_1',
        createdAt: '2026-03-02T00:00:00.000Z',
      })
      const v1 = SHIPMENT_COLUMNS.filter((c) => c !== 'features' && c !== 'pieces')
      for (const x of [old, twin]) {
        const record = shipmentRecord(x)
        await sql(
          `INSERT INTO "${s}".shipments (${v1.join(', ')}) VALUES (${v1.map((c, i) => `$${i + 1}${JSON_COLUMNS.has(c) ? '::text::jsonb' : ''}`).join(', ')})`,
          v1.map((c) => record[c]),
        )
      }
      expect(await codeOf(() => postgresStore({ client, schema: s, migrate: false }).countByStatus())).toBe(
        'CONFIG_INVALID',
      )
      expect(await migrate(client, { schema: s })).toMatchObject({ from: 1, to: LATEST_VERSION })
      const store = postgresStore({ client, schema: s, migrate: false })
      expect(await store.getShipment(old.id)).toEqual(old)
      expect(await store.getShipment(twin.id)).toEqual(twin)
      const seqs = await sql(`SELECT id, parcel_seq FROM "${s}".shipments ORDER BY parcel_seq`)
      expect(seqs.map((r) => [r.id, Number(r.parcel_seq)])).toEqual([
        [old.id, 0],
        [twin.id, 1],
      ])
      const next = { ...old, features: { weightKg: 1.25, freight: 19.9 }, version: old.version + 1 }
      await store.commit({ shipment: next, expectedVersion: old.version, events: [], outbox: [] })
      expect((await store.getShipment(old.id))?.features).toEqual({ weightKg: 1.25, freight: 19.9 })
    })
  })
}

// PGlite: a transaction-capable client; failures are injected by a wrapper that throws the way
// `pg` does when the socket dies (the transaction then rolls back).
let lite: PGlite
beforeAll(async () => {
  lite = await PGlite.create()
})
afterAll(() => lite.close())

badInputCases('PGlite', () => ({
  client: lite,
  sql: pgliteSql(lite),
  statements: 1,
  failing: (n) => {
    let count = 0
    let armed = false
    const wrap = (q: Queryable): Queryable => ({
      query: (text, params) => (armed && ++count === n ? Promise.reject(lost()) : q.query(text, params)),
    })
    const client: TransactionalClient = {
      ...wrap(lite),
      transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    }
    return { client, arm: () => (armed = true) }
  },
}))

withServer('postgres store bad input (real server)', (url) => {
  // Here the connection is really killed: pg_terminate_backend on the backend that is about to
  // run the Nth statement (a commit is one statement, so the kill lands right before it).
  const pool = new pg.Pool({ connectionString: url, max: 5 })
  const admin = new pg.Pool({ connectionString: url, max: 2 })
  // Killed backends surface on idle clients too; the pool replaces them.
  pool.on('error', () => {})
  afterAll(async () => {
    await Promise.all([pool.end(), admin.end()])
  })
  badInputCases('real server', () => ({
    client: pool,
    sql: poolSql(admin),
    statements: 1,
    failing: (n) => {
      let count = 0
      let armed = false
      const client: PoolLike = {
        query: async (text, params) => {
          if (!armed || ++count !== n) return pool.query(text, params as unknown[])
          const conn = await pool.connect()
          conn.on('error', () => {})
          const pid = (await conn.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
          await admin.query('SELECT pg_terminate_backend($1)', [pid])
          try {
            return await conn.query(text, params)
          } finally {
            conn.release(true)
          }
        },
        connect: () => pool.connect(),
      }
      return { client, arm: () => (armed = true) }
    },
  }))

  it('reports an unreachable server as STORE_UNAVAILABLE', async () => {
    const nowhere = new pg.Pool({
      connectionString: 'postgres://wismo@127.0.0.1:1/wismo',
      connectionTimeoutMillis: 2000,
    })
    nowhere.on('error', () => {})
    expect(await codeOf(() => postgresStore({ client: nowhere }).getShipment('x'))).toBe('STORE_UNAVAILABLE')
    await nowhere.end()
  })
})

describe('postgres store options', () => {
  it('rejects an unsafe schema name and a client without query()', async () => {
    expect(await codeOf(() => postgresStore({ client: lite, schema: 'x"; DROP TABLE y; --' }))).toBe(
      'CONFIG_INVALID',
    )
    expect(await codeOf(() => postgresStore({ client: {} as never }))).toBe('CONFIG_INVALID')
  })
})
