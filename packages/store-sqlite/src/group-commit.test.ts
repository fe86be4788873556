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

  it('runs a group with a failing write again in savepoints: every other write lands once', async () => {
    const path = join(dir, 'again.db')
    const store = sqliteStore({ path })
    const a = shipmentFixture()
    await store.commit(write(a, null, 1))
    const log = (text: string) => ({
      outboxId: 'obx_1',
      at: '2026-03-05T18:00:00.000Z',
      workerId: 'w1',
      kind: 'note' as const,
      text,
    })
    // The bare pass writes the log entry and the first commit, then the lost version check throws:
    // that pass is rolled back and the guarded one keeps everything but the loser.
    const results = await Promise.allSettled([
      store.appendOutboxLog([log('before')]),
      store.commit(write(a, 0, 2)),
      store.commit(write(a, 0, 3)),
      store.appendOutboxLog([log('after')]),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((await store.listOutboxLog(['obx_1'])).map((e) => e.text)).toEqual(['before', 'after'])
    expect((await store.listEvents(a.id)).items.map((e) => e.dedupKey.split(':').at(-1))).toEqual(['1', '2'])
    expect((await store.getShipment(a.id))?.version).toBe(1)
    await store.close()
  })

  it('puts archived webhook bodies and attempt logs in the same group as the ingest commits', async () => {
    const store = sqliteStore({ path: join(dir, 'mixed.db') })
    const a = shipmentFixture()
    const body = {
      source: 'webhook' as const,
      carrier: 'sandbox',
      contentType: 'application/json',
      truncated: false,
    }
    const at = '2026-03-05T18:00:00.000Z'
    // One turn: a commit, an archived body linked to it and a log entry, plus a bad archive input
    // that fails alone.
    const results = await Promise.allSettled([
      store.commit(write(a, null, 1)),
      store.archivePayload({ ...body, id: 'raw_1', receivedAt: at, body: '{"n":1}', shipmentIds: [a.id] }),
      store.appendOutboxLog([
        { outboxId: 'obx_1', at, workerId: 'w1', kind: 'note', text: 'attempt 1: calling mail' },
      ]),
      store.archivePayload({ ...body, id: '', receivedAt: at, body: '{}', shipmentIds: [a.id] }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected'])
    expect((await store.listPayloads(a.id)).items.map((p) => p.id)).toEqual(['raw_1'])
    expect((await store.listOutboxLog(['obx_1'])).map((e) => e.text)).toEqual(['attempt 1: calling mail'])
    expect((await store.listEvents(a.id)).items).toHaveLength(1)
    await store.close()
  })
})
