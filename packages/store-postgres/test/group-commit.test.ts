import { PGlite } from '@electric-sql/pglite'
import { isWismoError, type Shipment, type ShipmentWrite, type WismoStore } from '@wismo/core'
import { eventFixture, shipmentFixture } from '@wismo/testing/store'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PoolLike, PostgresClient } from '../src/index.ts'
import { migrate, postgresStore } from '../src/index.ts'
import { dropSchema, freshSchema, pgliteSql, poolSql, type RawSql, withServer } from './support.ts'

/** A database to run the cases on: the store's client, raw SQL beside it, and a COMMIT to break. */
interface Target {
  client: PostgresClient
  /** The same database through a client whose COMMIT fails once armed (after a real ROLLBACK). */
  breakable: PostgresClient
  arm(): void
  sql: RawSql
  exec(text: string): Promise<void>
  end(): Promise<void>
}

const lost = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })

async function pgliteTarget(): Promise<Target> {
  const lite = await PGlite.create()
  let armed = false
  // A query()-only client: the store runs its transactions with BEGIN/COMMIT statements on it.
  const breakable = {
    query: async (text: string, params?: unknown[]) => {
      if (text !== 'COMMIT' || !armed) return lite.query(text, params)
      armed = false
      await lite.query('ROLLBACK')
      throw lost()
    },
  }
  return {
    client: lite,
    breakable,
    arm: () => {
      armed = true
    },
    sql: pgliteSql(lite),
    exec: async (text) => {
      await lite.exec(text)
    },
    end: () => lite.close(),
  }
}

function serverTarget(url: string): Target {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  let armed = false
  const breakable: PoolLike = {
    query: (text, params) => pool.query(text, params),
    connect: async () => {
      const conn = await pool.connect()
      return {
        query: async (text: string, params?: unknown[]) => {
          if (text !== 'COMMIT' || !armed) return conn.query(text, params)
          armed = false
          await conn.query('ROLLBACK')
          throw lost()
        },
        release: (e?: Error | boolean) => conn.release(e),
      }
    },
  }
  return {
    client: pool,
    breakable,
    arm: () => {
      armed = true
    },
    sql: poolSql(pool),
    exec: async (text) => {
      await pool.query(text)
    },
    end: () => pool.end(),
  }
}

const update = (shipment: Shipment, expectedVersion: number | null, n: number): ShipmentWrite => ({
  shipment: { ...shipment, version: (expectedVersion ?? -1) + 1 },
  expectedVersion,
  events: [eventFixture(shipment, n, `2026-03-0${n}T10:00:00Z`)],
  outbox: [],
})

function cases(name: string, make: () => Promise<Target> | Target) {
  describe(`postgres store: group commit (${name})`, { timeout: 120_000 }, () => {
    const schema = freshSchema('wismo_gc')
    let db: Target
    let store: WismoStore
    const s = `"${schema}"`
    const eventsOf = async (id: string) =>
      (await db.sql(`SELECT dedup_key FROM ${s}.events WHERE shipment_id = $1 ORDER BY dedup_key`, [id])).map(
        (r) => String(r.dedup_key).split(':').at(-1),
      )
    const versionOf = async (id: string) =>
      (await db.sql(`SELECT version FROM ${s}.shipments WHERE id = $1`, [id]))[0]?.version ?? null
    const created = async () => {
      const shipment = shipmentFixture()
      await store.commit(update(shipment, null, 1))
      return shipment
    }

    beforeAll(async () => {
      db = await make()
      await migrate(db.client, { schema })
      store = postgresStore({ client: db.client, schema })
    })
    afterAll(async () => {
      await dropSchema(db.sql, schema)
      await db.end()
    })

    it('commits concurrent writes together, and a lost version check undoes only its own write', async () => {
      const [a, b] = [await created(), await created()]
      // Same turn of the event loop: one group. Both writes of `a` expect version 0; one loses.
      const results = await Promise.allSettled([
        store.commit(update(a, 0, 2)),
        store.commit(update(a, 0, 3)),
        store.commit(update(b, 0, 4)),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect(isWismoError((results[1] as PromiseRejectedResult).reason, 'STORE_CONFLICT')).toBe(true)
      // Read back beside the store: what each caller was told is what is in the tables.
      expect(await eventsOf(a.id)).toEqual(['1', '2'])
      expect(await eventsOf(b.id)).toEqual(['1', '4'])
      expect(Number(await versionOf(a.id))).toBe(1)
    })

    it('answers a duplicate create with STORE_DUPLICATE while the rest of the group lands', async () => {
      const a = await created()
      const twin = shipmentFixture({ trackingNumber: a.trackingNumber })
      const fresh = shipmentFixture()
      const results = await Promise.allSettled([
        store.commit(update(twin, null, 2)),
        store.commit(update(fresh, null, 3)),
        store.commit(update(a, 0, 4)),
      ])
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
      expect(isWismoError((results[0] as PromiseRejectedResult).reason, 'STORE_DUPLICATE')).toBe(true)
      expect(await versionOf(twin.id)).toBeNull()
      expect(await eventsOf(fresh.id)).toEqual(['3'])
      expect(await eventsOf(a.id)).toEqual(['1', '4'])
    })

    it('gives a write that raises its own coded error, undoing only that write', async () => {
      const [a, b] = [await created(), await created()]
      const bad = update(b, 0, 3)
      // PostgreSQL text cannot hold NUL: the statement raises (22P05) inside the group's transaction.
      const [event] = bad.events
      bad.events = [{ ...(event as (typeof bad.events)[number]), rawText: 'nul \u0000 here' }]
      const alone = await store.commit(bad).catch((e: unknown) => e)
      expect(isWismoError(alone, 'INPUT_INVALID')).toBe(true)
      const results = await Promise.allSettled([store.commit(update(a, 0, 2)), store.commit(bad)])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected'])
      expect(isWismoError((results[1] as PromiseRejectedResult).reason, 'INPUT_INVALID')).toBe(true)
      expect(await eventsOf(a.id)).toEqual(['1', '2'])
      expect(await eventsOf(b.id)).toEqual(['1'])
      expect(Number(await versionOf(b.id))).toBe(0)
    })

    it('rejects every member with the single commit’s error when COMMIT fails, and writes none of them', async () => {
      // A deferred check runs at COMMIT: a parcel marked REFUSE fails it as a serialization failure.
      await db.exec(`CREATE FUNCTION ${s}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.tracking_number LIKE 'REFUSE%' THEN
          RAISE EXCEPTION 'refused at commit' USING ERRCODE = '40001'; END IF; RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER refuse AFTER INSERT OR UPDATE ON ${s}.shipments
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${s}.refuse();`)
      const refused = shipmentFixture({ trackingNumber: 'REFUSE1' })
      const alone = await store.commit(update(refused, null, 1)).catch((e: unknown) => e)
      expect(isWismoError(alone, 'STORE_CONFLICT')).toBe(true)
      const [a, b] = [await created(), await created()]
      const fresh = shipmentFixture()
      const results = await Promise.allSettled([
        store.commit(update(a, 0, 2)),
        store.commit(update(refused, null, 3)),
        store.commit(update(b, 0, 4)),
        store.commit(update(fresh, null, 5)),
      ])
      for (const r of results) {
        expect(r.status).toBe('rejected')
        expect(isWismoError((r as PromiseRejectedResult).reason, 'STORE_CONFLICT')).toBe(true)
      }
      expect([await eventsOf(a.id), await eventsOf(b.id), await eventsOf(fresh.id)]).toEqual([
        ['1'],
        ['1'],
        [],
      ])
      expect([Number(await versionOf(a.id)), await versionOf(refused.id), await versionOf(fresh.id)]).toEqual(
        [0, null, null],
      )
    })

    it('rejects every member as STORE_UNAVAILABLE when the connection is lost at COMMIT', async () => {
      const broken = postgresStore({ client: db.breakable, schema })
      const [a, b] = [await created(), await created()]
      await broken.getShipment(a.id) // its schema check runs a transaction too: done before arming
      db.arm()
      const results = await Promise.allSettled([
        broken.commit(update(a, 0, 2)),
        broken.commit(update(b, 0, 3)),
        broken.commit(update(a, 0, 4)),
      ])
      for (const r of results) {
        expect(r.status).toBe('rejected')
        expect(isWismoError((r as PromiseRejectedResult).reason, 'STORE_UNAVAILABLE')).toBe(true)
      }
      expect([await eventsOf(a.id), await eventsOf(b.id)]).toEqual([['1'], ['1']])
      // The store goes on: the same writes land on the next try.
      await Promise.all([broken.commit(update(a, 0, 2)), broken.commit(update(b, 0, 3))])
      expect([await eventsOf(a.id), await eventsOf(b.id)]).toEqual([
        ['1', '2'],
        ['1', '3'],
      ])
    })

    it('keeps each caller’s outcome across many concurrent writers of few parcels', async () => {
      const parcels = [await created(), await created(), await created()]
      // 30 writers, 3 parcels, all expecting version 0: exactly one per parcel wins.
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          store.commit(update(parcels[i % 3] as Shipment, 0, 2 + (i % 7))),
        ),
      )
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i % 3] : []))
      expect(won.sort()).toEqual([0, 1, 2])
      for (const r of results)
        if (r.status === 'rejected') expect(isWismoError(r.reason, 'STORE_CONFLICT')).toBe(true)
      for (const p of parcels) expect(Number(await versionOf(p.id))).toBe(1)
    })
  })
}

cases('PGlite', pgliteTarget)
withServer('postgres store: group commit on the real server', (url) =>
  cases('real server', () => serverTarget(url)),
)
