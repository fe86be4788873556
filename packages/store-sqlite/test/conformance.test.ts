import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StoreProbe } from '@wismo/testing/store'
import { testStore } from '@wismo/testing/store'
import Database from 'better-sqlite3'
import { afterAll } from 'vitest'
import { sqliteStore } from '../src/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'wismo-sqlite-'))
let file = ''
let n = 0
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Reads the file through its own read-only connection, never through the adapter. */
function probe(path: string): StoreProbe {
  const read = <T>(sql: string, ...params: unknown[]): T | undefined => {
    const db = new Database(path, { readonly: true })
    try {
      return db.prepare(sql).get(...params) as T | undefined
    } finally {
      db.close()
    }
  }
  return {
    countEvents: async (id) =>
      read<{ n: number }>('SELECT count(*) AS n FROM events WHERE shipment_id = ?', id)?.n ?? 0,
    countOutbox: async (key) =>
      read<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE idempotency_key = ?', key)?.n ?? 0,
    shipmentVersion: async (id) =>
      read<{ v: number }>('SELECT version AS v FROM shipments WHERE id = ?', id)?.v ?? null,
    eventTime: async (id, key) =>
      read<{ t: string }>(
        'SELECT occurred_at AS t FROM events WHERE shipment_id = ? AND dedup_key = ?',
        id,
        key,
      )?.t ?? null,
    outboxState: async (key) => {
      const row = read<{ state: string; attempts: number; lease_owner: string | null }>(
        'SELECT state, attempts, lease_owner FROM outbox WHERE idempotency_key = ?',
        key,
      )
      return row ? { state: row.state, attempts: row.attempts, leaseOwner: row.lease_owner } : null
    },
    pollOwner: async (id) =>
      read<{ o: string | null }>('SELECT poll_owner AS o FROM shipments WHERE id = ?', id)?.o ?? null,
    corruptFeedback: async (id) => {
      const db = new Database(path)
      try {
        db.prepare('UPDATE feedback SET rating = 9 WHERE shipment_id = ?').run(id)
      } finally {
        db.close()
      }
    },
  }
}

testStore({
  name: 'sqlite (file, WAL)',
  create: () => {
    file = join(dir, `store-${n++}.db`)
    return sqliteStore({ path: file })
  },
  probe: () => probe(file),
  reopen: async (store) => {
    await store.close()
    return sqliteStore({ path: file })
  },
})

testStore({
  name: 'sqlite (:memory:)',
  create: () => sqliteStore({ path: ':memory:' }),
})
