import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isWismoError, type Shipment } from '@wismo/core'
import { eventFixture, shipmentFixture } from '@wismo/testing/store'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteStore } from './index.ts'

const dir = mkdtempSync(join(tmpdir(), 'wismo-sqlite-group-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const write = (shipment: Shipment, expectedVersion: number | null, n: number) => ({
  shipment: { ...shipment, version: (expectedVersion ?? -1) + 1 },
  expectedVersion,
  events: [eventFixture(shipment, n, `2026-03-0${n}T10:00:00Z`)],
  outbox: [],
  delivery: undefined,
})

describe('sqlite store: group commit', () => {
  it('commits concurrent writes together, and a lost version check undoes only its own write', async () => {
    const path = join(dir, 'group.db')
    const store = sqliteStore({ path })
    const a = shipmentFixture()
    const b = shipmentFixture()
    await store.commit(write(a, null, 1))
    // Same turn of the event loop: one transaction. The two writes of `a` expect version 0; one loses.
    const results = await Promise.allSettled([
      store.commit(write(a, 0, 2)),
      store.commit(write(a, 0, 3)),
      store.commit(write(b, null, 4)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const lost = (results[1] as PromiseRejectedResult).reason
    expect(isWismoError(lost, 'STORE_CONFLICT')).toBe(true)
    await store.close()
    // Read the file directly: what each caller was told is what is on disk.
    const db = new Database(path, { readonly: true })
    const keys = db.prepare('SELECT dedup_key FROM events ORDER BY occurred_at').all() as {
      dedup_key: string
    }[]
    expect(keys.map((k) => k.dedup_key.split(':').at(-1))).toEqual(['1', '2', '4'])
    db.close()
  })
})
