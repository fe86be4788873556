import fs, { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isWismoError, type Shipment } from '@wismo/core'
import { eventFixture, orderFixture, shipmentFixture } from '@wismo/testing/store'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { sqliteStore } from './index.ts'

const dir = mkdtempSync(join(tmpdir(), 'wismo-sqlite-sync-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

/**
 * Each WAL sync as it starts, on the thread pool (`pooled`) or in line (`inline`); `hold` keeps
 * the pooled ones from finishing until released, `failWith` fails both kinds.
 */
function watchSyncs() {
  const original = fs.fdatasync
  const originalSync = fs.fdatasyncSync
  const held: (() => void)[] = []
  const state = { started: 0, pooled: 0, inline: 0, hold: false, failWith: null as Error | null }
  vi.spyOn(fs, 'fdatasync').mockImplementation((fd, callback) => {
    state.started++
    state.pooled++
    if (state.failWith) return callback(state.failWith as NodeJS.ErrnoException)
    if (state.hold) held.push(() => original(fd, callback))
    else original(fd, callback)
  })
  vi.spyOn(fs, 'fdatasyncSync').mockImplementation((fd) => {
    state.started++
    state.inline++
    if (state.failWith) throw state.failWith
    originalSync(fd)
  })
  const releaseAll = () => {
    state.hold = false
    for (const release of held.splice(0)) release()
  }
  return { state, releaseAll }
}

const write = (shipment: Shipment, n: number) => ({
  shipment: { ...shipment, version: 0 },
  expectedVersion: null,
  events: [eventFixture(shipment, n, `2026-03-0${n}T10:00:00Z`)],
  outbox: [],
  delivery: undefined,
})

const nextTurn = () => new Promise((r) => setImmediate(r))

/** Let the event loop turn until `done()` or give up after many turns (no wall-clock wait). */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await nextTurn()
}

describe('sqlite store: commits are answered after the WAL is synced', () => {
  it('answers a group only once a sync that began after its COMMIT is done; one sync covers the group', async () => {
    const store = sqliteStore({ path: join(dir, 'group.db') })
    const syncs = watchSyncs()
    syncs.state.hold = true
    const answered: string[] = []
    const shipments = [shipmentFixture(), shipmentFixture(), shipmentFixture()]
    const first = shipments.map((s, i) => store.commit(write(s, i + 1)).then(() => answered.push(s.id)))
    await turnsUntil(() => syncs.state.started === 1)
    expect(syncs.state.started).toBe(1)
    // Committed (another reader sees it), but nobody is answered while the sync is under way.
    expect(await store.getShipment(shipments[0]?.id as string)).not.toBeNull()
    expect(answered).toEqual([])
    // Writes committed during that sync wait for the next one, which they all share.
    const later = [shipmentFixture(), shipmentFixture()]
    const second = [store.commit(write(later[0] as Shipment, 4))]
    await nextTurn()
    second.push(store.commit(write(later[1] as Shipment, 5)))
    await nextTurn()
    expect(syncs.state.started).toBe(1)
    syncs.releaseAll()
    await Promise.all([...first, ...second])
    expect(answered).toHaveLength(3)
    expect(syncs.state.started).toBe(2)
    await store.close()
  })

  it('syncs a lone write in line, and a group or a write behind a sync on the thread pool', async () => {
    const store = sqliteStore({ path: join(dir, 'lone.db') })
    const syncs = watchSyncs()
    await store.commit(write(shipmentFixture(), 1))
    expect(syncs.state).toMatchObject({ inline: 1, pooled: 0 })
    await Promise.all([store.commit(write(shipmentFixture(), 2)), store.commit(write(shipmentFixture(), 3))])
    expect(syncs.state).toMatchObject({ inline: 1, pooled: 1 })
    // A lone write while a pooled sync is under way waits for the next pooled one.
    syncs.state.hold = true
    const group = Promise.all([
      store.commit(write(shipmentFixture(), 4)),
      store.commit(write(shipmentFixture(), 5)),
    ])
    await turnsUntil(() => syncs.state.pooled === 2)
    const lone = store.commit(write(shipmentFixture(), 6))
    await nextTurn()
    syncs.releaseAll()
    await Promise.all([group, lone])
    expect(syncs.state).toMatchObject({ inline: 1, pooled: 3 })
    await store.close()
  })

  it('syncs after a write outside the group commit, and not after a read', async () => {
    const store = sqliteStore({ path: join(dir, 'direct.db') })
    const syncs = watchSyncs()
    await store.setPreferences('ada@example.com', { email: true, sms: false, mutedTriggers: [] })
    expect(syncs.state.started).toBe(1)
    // A write that returns its row (INSERT … RETURNING) is a write too.
    await store.putOrder(orderFixture())
    expect(syncs.state.started).toBe(2)
    await store.getPreferences('ada@example.com')
    await store.getShipment('shp_none')
    expect(syncs.state.started).toBe(2)
    await store.close()
  })

  it('leaves syncing to SQLite with synchronous: normal', async () => {
    const store = sqliteStore({ path: join(dir, 'normal.db'), synchronous: 'normal' })
    const syncs = watchSyncs()
    await store.commit(write(shipmentFixture(), 1))
    await store.setPreferences('ada@example.com', { email: true, sms: false, mutedTriggers: [] })
    expect(syncs.state.started).toBe(0)
    await store.close()
  })

  it('after a failed sync answers every write STORE_UNAVAILABLE until reopened', async () => {
    const path = join(dir, 'failing.db')
    const store = sqliteStore({ path })
    const syncs = watchSyncs()
    syncs.state.failWith = Object.assign(new Error('input/output error'), { code: 'EIO' })
    const failed = await store.commit(write(shipmentFixture(), 1)).catch((e: unknown) => e)
    expect(isWismoError(failed, 'STORE_UNAVAILABLE')).toBe(true)
    expect((failed as Error).message).toMatch(/EIO/)
    // The disk answers again, but pages the failed sync dropped cannot be vouched for.
    syncs.state.failWith = null
    const again = await store.commit(write(shipmentFixture(), 2)).catch((e: unknown) => e)
    expect(isWismoError(again, 'STORE_UNAVAILABLE')).toBe(true)
    await store.close()
    const reopened = sqliteStore({ path })
    await expect(reopened.commit(write(shipmentFixture(), 3))).resolves.toBeDefined()
    await reopened.close()
  })

  it('answers an archived body at its COMMIT, without a sync, and still refuses it after a failed sync', async () => {
    const store = sqliteStore({ path: join(dir, 'archive.db') })
    const shipment = shipmentFixture()
    await store.commit(write(shipment, 1))
    const syncs = watchSyncs()
    const body = (id: string) => ({
      id,
      source: 'webhook' as const,
      carrier: 'sandbox',
      receivedAt: '2026-03-01T10:00:00.000Z',
      contentType: 'application/json',
      body: '{"ok":true}',
      truncated: false,
      shipmentIds: [shipment.id],
    })
    // Alone: stored and answered with no sync at all.
    await store.archivePayload(body('raw_1'))
    expect(syncs.state.started).toBe(0)
    // With two commits in the same group (synced on the pool, held here): the body is answered
    // while the commits wait for their sync.
    syncs.state.hold = true
    const answered: string[] = []
    const commits = [2, 3].map((n) =>
      store.commit(write(shipmentFixture(), n)).then(() => answered.push(`commit ${n}`)),
    )
    const archived = store.archivePayload(body('raw_2')).then(() => answered.push('archive'))
    await archived
    expect(answered).toEqual(['archive'])
    expect(syncs.state).toMatchObject({ started: 1, pooled: 1 })
    syncs.releaseAll()
    await Promise.all(commits)
    expect(answered).toEqual(['archive', 'commit 2', 'commit 3'])
    expect((await store.listPayloads(shipment.id)).items.map((p) => p.id)).toEqual(['raw_2', 'raw_1'])
    // Once a sync has failed, no write is vouched for: the archive is refused too.
    syncs.state.failWith = Object.assign(new Error('input/output error'), { code: 'EIO' })
    await store.commit(write(shipmentFixture(), 4)).catch(() => {})
    syncs.state.failWith = null
    const refused = await store.archivePayload(body('raw_3')).catch((e: unknown) => e)
    expect(isWismoError(refused, 'STORE_UNAVAILABLE')).toBe(true)
    await store.close()
  })
})
