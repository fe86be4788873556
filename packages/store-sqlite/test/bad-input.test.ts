import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isWismoError, type WismoErrorCode } from '@wismo/core'
import { SHIPMENT_COLUMNS, shipmentRecord } from '@wismo/core/sql'
import { eventFixture, shipmentFixture } from '@wismo/testing/store'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { LATEST_VERSION, MIGRATIONS, migrate, sqliteStore } from '../src/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'wismo-sqlite-bad-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const fresh = (name = 'db') => join(dir, `${name}-${n++}.db`)
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

async function codeOf(fn: () => unknown): Promise<WismoErrorCode | 'none'> {
  try {
    await fn()
    return 'none'
  } catch (e) {
    if (!isWismoError(e)) throw e
    return e.code
  }
}

describe('sqlite store: bad files and failures', () => {
  it('refuses a file that is not a database with STORE_CORRUPT and leaves it untouched', async () => {
    for (const bytes of [randomBytes(64 * 1024), Buffer.from('{"orders": []}\n')]) {
      const path = fresh('garbage')
      writeFileSync(path, bytes)
      const before = digest(path)
      expect(await codeOf(() => sqliteStore({ path }))).toBe('STORE_CORRUPT')
      expect(digest(path)).toBe(before)
    }
  })

  it("refuses another application's SQLite database and does not touch it", async () => {
    const path = fresh('foreign')
    const other = new Database(path)
    other.exec(
      `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@example.com')`,
    )
    other.close()
    const before = digest(path)
    let error: unknown
    try {
      sqliteStore({ path })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'STORE_CORRUPT', details: { reason: 'foreign', tables: ['users'] } })
    expect(String((error as Error).message)).toMatch(/another application/)
    expect(digest(path)).toBe(before)
    expect(() => statSync(`${path}-wal`)).toThrow()
  })

  it('reports a damaged Wismo file as STORE_CORRUPT instead of returning bad data', async () => {
    const path = fresh('damaged')
    const store = sqliteStore({ path })
    for (let i = 0; i < 300; i++) {
      const s = shipmentFixture()
      await store.commit({
        shipment: s,
        expectedVersion: null,
        events: [eventFixture(s, 1, '2026-03-02T10:00:00Z')],
        outbox: [],
      })
    }
    await store.close()
    const pages = statSync(path).size / 4096
    const fd = openSync(path, 'r+')
    for (let page = 1; page < pages; page += 2) writeSync(fd, randomBytes(4096), 0, 4096, page * 4096)
    closeSync(fd)
    const code = await codeOf(async () => {
      const reopened = sqliteStore({ path })
      await reopened.listShipments({ limit: 1000 })
      await reopened.countByStatus()
    })
    expect(code).toBe('STORE_CORRUPT')
  })

  it('refuses a schema newer than the code with STORE_SCHEMA_TOO_NEW, writing nothing', async () => {
    const path = fresh('newer')
    await sqliteStore({ path }).close()
    const raw = new Database(path)
    raw
      .prepare('INSERT INTO wismo_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(LATEST_VERSION + 5, 'from the future', new Date().toISOString())
    raw.close()
    const before = digest(path)
    let error: unknown
    try {
      sqliteStore({ path })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({
      code: 'STORE_SCHEMA_TOO_NEW',
      details: { found: LATEST_VERSION + 5, supported: LATEST_VERSION },
    })
    expect(await codeOf(() => migrate(new Database(path)))).toBe('STORE_SCHEMA_TOO_NEW')
    expect(digest(path)).toBe(before)
  })

  it('upgrades a version-1 file with its rows: shipments read back, parcels numbered, new columns persist', async () => {
    const path = fresh('upgrade')
    const db = new Database(path)
    migrate(db, MIGRATIONS.slice(0, 1))
    // Two parcels of one number as version 1 could store them (the split the identity rule now
    // prevents): both must survive the upgrade, numbered in creation order.
    const old = shipmentFixture({ status: 'in_transit', createdAt: '2026-03-01T00:00:00.000Z' })
    const twin = shipmentFixture({
      trackingNumber: old.trackingNumber,
      carrierShipmentId: 'trk_1',
      createdAt: '2026-03-02T00:00:00.000Z',
    })
    const v1 = new Set(['features', 'pieces'])
    const columns = SHIPMENT_COLUMNS.filter((c) => !v1.has(c))
    for (const x of [old, twin]) {
      const record = shipmentRecord(x)
      db.prepare(
        `INSERT INTO shipments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ).run(...columns.map((c) => record[c]))
    }
    db.close()
    expect(await codeOf(() => sqliteStore({ path, migrate: false }))).toBe('CONFIG_INVALID')
    const store = sqliteStore({ path })
    expect(await store.getShipment(old.id)).toEqual(old)
    expect(await store.getShipment(twin.id)).toEqual(twin)
    const check = new Database(path, { readonly: true })
    expect(check.prepare('SELECT id, parcel_seq AS seq FROM shipments ORDER BY seq').all()).toEqual([
      { id: old.id, seq: 0 },
      { id: twin.id, seq: 1 },
    ])
    check.close()
    const next = { ...old, features: { weightKg: 1.25, freight: 19.9 }, version: old.version + 1 }
    await store.commit({ shipment: next, expectedVersion: old.version, events: [], outbox: [] })
    expect((await store.getShipment(old.id))?.features).toEqual({ weightKg: 1.25, freight: 19.9 })
    await store.close()
  })

  it('migrates once, records the version, and can be asked not to migrate', async () => {
    const path = fresh('migrate')
    const db = new Database(path)
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_VERSION, applied: MIGRATIONS.map((m) => m.version) })
    expect(migrate(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, applied: [] })
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete')
    db.close()
    expect(await codeOf(() => sqliteStore({ path: fresh('unmigrated'), migrate: false }))).toBe(
      'CONFIG_INVALID',
    )
    const store = sqliteStore({ path, migrate: false })
    expect(await store.countByStatus()).toEqual({})
    await store.close()
    const check = new Database(path, { readonly: true })
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal')
    check.close()
  })

  it('rolls back the whole commit when a statement fails midway: no shipment, events or outbox rows', async () => {
    const path = fresh('midway')
    const store = sqliteStore({ path })
    const raw = new Database(path)
    raw.exec(
      `CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox WHEN NEW.topic = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`,
    )
    const s = shipmentFixture()
    const events = [eventFixture(s, 1, '2026-03-02T10:00:00Z'), eventFixture(s, 2, '2026-03-02T11:00:00Z')]
    const write = {
      shipment: s,
      expectedVersion: null,
      events,
      outbox: [{ idempotencyKey: `k-${s.id}`, shipmentId: s.id, topic: 'boom', payload: {} }],
    }
    expect(await codeOf(() => store.commit(write))).toBe('STORE_FAILED')
    const count = (sql: string) => (raw.prepare(sql).get(s.id) as { n: number }).n
    expect(count('SELECT count(*) AS n FROM shipments WHERE id = ?')).toBe(0)
    expect(count('SELECT count(*) AS n FROM events WHERE shipment_id = ?')).toBe(0)
    expect(count('SELECT count(*) AS n FROM outbox WHERE shipment_id = ?')).toBe(0)
    await store.commit({ ...write, outbox: [] })
    expect(
      await codeOf(() =>
        store.commit({
          ...write,
          shipment: { ...s, version: 1, status: 'delivered' },
          expectedVersion: 0,
          events: [eventFixture(s, 3, '2026-03-03')],
        }),
      ),
    ).toBe('STORE_FAILED')
    expect(await store.getShipment(s.id)).toEqual(s)
    expect(count('SELECT count(*) AS n FROM events WHERE shipment_id = ?')).toBe(2)
    raw.close()
    await store.close()
  })

  it('reports a damaged row as STORE_ROW_INVALID', async () => {
    const path = fresh('row')
    const store = sqliteStore({ path })
    const [a, b] = [shipmentFixture(), shipmentFixture()]
    for (const s of [a, b]) await store.commit({ shipment: s, expectedVersion: null, events: [], outbox: [] })
    const raw = new Database(path)
    raw.prepare(`UPDATE shipments SET status = 'teleported' WHERE id = ?`).run(a.id)
    raw.prepare(`UPDATE shipments SET eta = '{not json' WHERE id = ?`).run(b.id)
    raw.close()
    expect(await codeOf(() => store.getShipment(a.id))).toBe('STORE_ROW_INVALID')
    expect(await codeOf(() => store.getShipment(b.id))).toBe('STORE_ROW_INVALID')
    await store.close()
  })

  it('shares one file between two stores (processes) through version checks', async () => {
    const path = fresh('shared')
    const [one, two] = [sqliteStore({ path }), sqliteStore({ path })]
    const s = shipmentFixture()
    await one.commit({ shipment: s, expectedVersion: null, events: [], outbox: [] })
    const seen = (await two.getShipment(s.id)) ?? s
    await one.commit({
      shipment: { ...s, version: 1, status: 'in_transit' },
      expectedVersion: 0,
      events: [],
      outbox: [],
    })
    expect(
      await codeOf(() =>
        two.commit({
          shipment: { ...seen, version: 1, status: 'exception' },
          expectedVersion: 0,
          events: [],
          outbox: [],
        }),
      ),
    ).toBe('STORE_CONFLICT')
    expect((await two.getShipment(s.id))?.status).toBe('in_transit')
    await Promise.all([one.close(), two.close()])
  })

  it('names a missing directory as a configuration problem', async () => {
    expect(await codeOf(() => sqliteStore({ path: join(dir, 'no', 'such', 'dir', 'x.db') }))).toBe(
      'CONFIG_INVALID',
    )
  })
})
