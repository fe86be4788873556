import { isWismoError, type WismoStore } from '@wismo/core'
import { shipmentFixture } from '@wismo/testing/store'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, postgresStore } from '../src/index.ts'
import { MAX_PREPARED, preparedSql, statementNames } from '../src/prepared.ts'
import { prefixStatement } from './failover-scale-out/pglite-bridge.ts'
import { DATABASE, dropSchema, freshSchema, poolSql, withDatabase } from './support.ts'

/** The statements prepared on the pool's one connection (`pg_prepared_statements` is per session). */
async function prepared(pool: pg.Pool, schema: string): Promise<string[]> {
  const rows = await pool.query(
    'SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE $1 ORDER BY name',
    [`%"${schema}"%`],
  )
  return rows.rows.map((r) => String(r.name))
}

async function commitOne(store: WismoStore): Promise<string> {
  const shipment = shipmentFixture()
  await store.commit({ shipment, expectedVersion: null, events: [], outbox: [], delivery: undefined })
  return shipment.id
}

withDatabase(`postgres store: prepared statements (${DATABASE})`, (url) => {
  const schema = freshSchema('wismo_prep')
  let pool: pg.Pool
  beforeAll(async () => {
    // One connection: every statement of the store, and the probe, run on the same session.
    pool = new pg.Pool({ connectionString: url(), max: 1 })
    await migrate(pool, { schema })
  }, 60_000)
  afterAll(async () => {
    await dropSchema(poolSql(pool), schema)
    await pool.end()
  })

  it('prepares each text once on a pg.Pool connection and reuses it', async () => {
    const store = postgresStore({ client: pool, schema })
    const first = await commitOne(store)
    expect((await store.getShipment(first))?.id).toBe(first)
    const after = await prepared(pool, schema)
    expect(after.length).toBeGreaterThan(0)
    // Named by their text (the PGlite stand-in prefixes each connection's names).
    expect(after.every((name) => /wismo_[0-9a-f]{32}$/.test(name))).toBe(true)
    // The same statements again: no new prepared statement, the same answers.
    const second = await commitOne(store)
    expect((await store.getShipment(second))?.id).toBe(second)
    expect(await prepared(pool, schema)).toEqual(after)
  })

  it('prepares nothing with preparedStatements: false', async () => {
    const other = freshSchema('wismo_prep_off')
    await migrate(pool, { schema: other })
    const store = postgresStore({ client: pool, schema: other, preparedStatements: false })
    const id = await commitOne(store)
    expect((await store.getShipment(id))?.id).toBe(id)
    expect(await prepared(pool, other)).toEqual([])
    await dropSchema(poolSql(pool), other)
  })

  it('runs a statement unnamed once a migration changed the columns it returns', async () => {
    const store = postgresStore({ client: pool, schema })
    const id = await commitOne(store)
    expect((await store.getShipment(id))?.id).toBe(id)
    // A newer process adds a column: `SELECT *` prepared before now returns another row type.
    await pool.query(`ALTER TABLE "${schema}".shipments ADD COLUMN added_later integer`)
    try {
      expect((await store.getShipment(id))?.id).toBe(id)
      expect((await store.getShipment(id))?.id).toBe(id)
    } finally {
      await pool.query(`ALTER TABLE "${schema}".shipments DROP COLUMN added_later`)
    }
  })

  it('names the pooler setting when the server lost a prepared statement', async () => {
    const store = postgresStore({ client: pool, schema })
    const id = await commitOne(store)
    await store.getShipment(id)
    // What a pooler in transaction mode does: the next statement lands on a session without it.
    await pool.query('DEALLOCATE ALL')
    const error = await store.getShipment(id).catch((e: unknown) => e)
    expect(isWismoError(error, 'CONFIG_INVALID'), String(error)).toBe(true)
    expect((error as Error).message).toContain('preparedStatements: false')
  })
})

describe('postgres store: the preparedStatements option', () => {
  it('refuses a value that is not a boolean, naming the option', () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' })
    const error = (() => {
      try {
        postgresStore({ client: pool, preparedStatements: 'yes' as never })
      } catch (e) {
        return e
      }
    })()
    expect(isWismoError(error, 'CONFIG_INVALID'), String(error)).toBe(true)
    expect((error as Error).message).toContain('preparedStatements')
    void pool.end()
  })
})

describe('postgres store: statement names', () => {
  it('names a text the same way every time, and stops naming new texts at the cap', () => {
    const names = statementNames(3)
    const a = names.nameOf('SELECT 1 WHERE $1::int = 1')
    expect(a).toMatch(/^wismo_[0-9a-f]{32}$/)
    expect(statementNames(3).nameOf('SELECT 1 WHERE $1::int = 1')).toBe(a)
    expect(names.nameOf('SELECT 2 WHERE $1::int = 1')).not.toBe(a)
    expect(names.nameOf('SELECT 3 WHERE $1::int = 1')).not.toBeNull()
    expect(names.nameOf('SELECT 4 WHERE $1::int = 1')).toBeNull()
    // Known texts keep their names past the cap; a withdrawn one runs unnamed.
    expect(names.nameOf('SELECT 1 WHERE $1::int = 1')).toBe(a)
    names.withdraw('SELECT 1 WHERE $1::int = 1')
    expect(names.nameOf('SELECT 1 WHERE $1::int = 1')).toBeNull()
    expect(MAX_PREPARED).toBe(256)
  })
})

describe('postgres store: a stale prepared plan inside a transaction', () => {
  it('fails the transaction as STORE_UNAVAILABLE, and the retry runs unnamed', async () => {
    const calls: unknown[] = []
    const client = {
      query: async (config: unknown, params?: unknown[]) => {
        calls.push(config)
        if (typeof config === 'object')
          throw Object.assign(new Error('cached plan must not change result type'), { code: '0A000' })
        return { rows: [{ params }] }
      },
    }
    const names = statementNames()
    const inTx = preparedSql(client, names, true)
    const error = await inTx('SELECT * FROM t WHERE id = $1', ['a']).catch((e: unknown) => e)
    expect(isWismoError(error, 'STORE_UNAVAILABLE'), String(error)).toBe(true)
    expect(await inTx('SELECT * FROM t WHERE id = $1', ['b'])).toEqual([{ params: ['b'] }])
    // First prepared (and refused), then plain text.
    expect(calls).toEqual([
      { name: expect.stringMatching(/^wismo_/), text: 'SELECT * FROM t WHERE id = $1', values: ['a'] },
      'SELECT * FROM t WHERE id = $1',
    ])
  })
})

describe('pglite bridge: prepared statement names per connection', () => {
  const msg = (type: string, ...parts: Buffer[]) => {
    const body = Buffer.concat(parts)
    const head = Buffer.alloc(5)
    head.write(type, 0, 'latin1')
    head.writeInt32BE(body.length + 4, 1)
    return Buffer.concat([head, body])
  }
  const cs = (s: string) => Buffer.from(`${s}\0`)

  it('prefixes the statement name of Parse, Bind, Describe and Close, and leaves unnamed ones', () => {
    const parse = prefixStatement(msg('P', cs('s1'), cs('SELECT $1'), Buffer.from([0, 0])), 'c7_')
    expect(parse.parsed).toBe('c7_s1')
    expect(parse.message).toEqual(msg('P', cs('c7_s1'), cs('SELECT $1'), Buffer.from([0, 0])))
    const bind = prefixStatement(msg('B', cs('portal'), cs('s1'), Buffer.from([0, 0, 0, 0, 0, 0])), 'c7_')
    expect(bind.message).toEqual(msg('B', cs('portal'), cs('c7_s1'), Buffer.from([0, 0, 0, 0, 0, 0])))
    expect(prefixStatement(msg('D', Buffer.from('S'), cs('s1')), 'c7_').message).toEqual(
      msg('D', Buffer.from('S'), cs('c7_s1')),
    )
    expect(prefixStatement(msg('C', Buffer.from('S'), cs('s1')), 'c7_').message).toEqual(
      msg('C', Buffer.from('S'), cs('c7_s1')),
    )
    // A portal's Describe, an unnamed statement and other messages pass unchanged.
    const portal = msg('D', Buffer.from('P'), cs('s1'))
    expect(prefixStatement(portal, 'c7_').message).toBe(portal)
    const unnamed = msg('P', cs(''), cs('SELECT 1'), Buffer.from([0, 0]))
    expect(prefixStatement(unnamed, 'c7_')).toEqual({ message: unnamed, parsed: null })
    const sync = msg('S')
    expect(prefixStatement(sync, 'c7_').message).toBe(sync)
  })
})
