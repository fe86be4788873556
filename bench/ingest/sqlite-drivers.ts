/**
 * Why @wismo/store-sqlite uses better-sqlite3 rather than node:sqlite, measured:
 *   node --conditions=@wismo/source bench/ingest/sqlite-drivers.ts
 * The same ingest-shaped transaction (read a history, upsert the shipment, insert an event and an
 * outbox row) through both drivers, WAL mode, synchronous=FULL, files in a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { openRawSqlite, type RawSqlite } from './raw-sqlite.ts'

type Driver = Omit<RawSqlite, 'close'>

const DDL = `CREATE TABLE s (id TEXT PRIMARY KEY, v INTEGER, doc TEXT) STRICT;
  CREATE TABLE e (sid TEXT, k TEXT, doc TEXT, PRIMARY KEY (sid, k)) STRICT;
  CREATE TABLE o (k TEXT PRIMARY KEY, doc TEXT) STRICT;`

function run(db: Driver, synchronous: string, n = 10_000): number {
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`)
  db.exec(DDL)
  const history = db.prepare('SELECT * FROM e WHERE sid = ? ORDER BY k')
  const ship = db.prepare(
    'INSERT INTO s VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET v = excluded.v, doc = excluded.doc',
  )
  const event = db.prepare('INSERT INTO e VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
  const outbox = db.prepare('INSERT INTO o VALUES (?, ?) ON CONFLICT DO NOTHING')
  const doc = JSON.stringify({ text: 'x'.repeat(300), list: [1, 2, 3] })
  const started = performance.now()
  for (let i = 0; i < n; i++) {
    const id = `s${i % 2000}`
    history.all(id)
    db.exec('BEGIN IMMEDIATE')
    ship.run(id, i, doc)
    event.run(id, `k${i}`, doc)
    outbox.run(`o${i}`, doc)
    db.exec('COMMIT')
  }
  return n / ((performance.now() - started) / 1000)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const dir = mkdtempSync(join(tmpdir(), 'wismo-drivers-'))
try {
  for (const synchronous of ['FULL', 'NORMAL']) {
    const rates: Record<string, number[]> = { 'better-sqlite3': [], 'node:sqlite': [] }
    for (let round = 0; round < 5; round++) {
      // Alternate which driver goes first, so neither always runs on a colder disk cache.
      const order = round % 2 ? ['node:sqlite', 'better-sqlite3'] : ['better-sqlite3', 'node:sqlite']
      for (const name of order) {
        const file = join(dir, `${name.replace(':', '-')}-${synchronous}-${round}.db`)
        const db =
          name === 'node:sqlite' ? (new DatabaseSync(file) as unknown as Driver) : openRawSqlite(file)
        rates[name]?.push(run(db, synchronous))
      }
    }
    const show = (name: string) => Math.round(median(rates[name] ?? [])).toLocaleString('en-US')
    console.log(
      `synchronous=${synchronous}: better-sqlite3 ${show('better-sqlite3')} tx/s, node:sqlite ${show('node:sqlite')} tx/s (median of 5)`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
