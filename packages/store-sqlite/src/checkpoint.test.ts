import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isWismoError } from '@wismo/core'
import { eventFixture, shipmentFixture } from '@wismo/testing/store'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteStore } from './index.ts'

const dir = mkdtempSync(join(tmpdir(), 'wismo-sqlite-checkpoint-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PAGE = 4096

/** Commit `count` new shipments with a scan each, one at a time; the sizes of the file and its WAL after. */
async function sizesAfter(checkpointPages: number | undefined, count: number) {
  const path = join(dir, `pages-${checkpointPages ?? 'default'}.db`)
  const store = sqliteStore({ path, ...(checkpointPages === undefined ? {} : { checkpointPages }) })
  const before = statSync(path).size
  for (let i = 0; i < count; i++) {
    const shipment = shipmentFixture()
    await store.commit({
      shipment: { ...shipment, version: 0 },
      expectedVersion: null,
      events: [eventFixture(shipment, 1, '2026-03-01T10:00:00Z')],
      outbox: [],
      delivery: undefined,
    })
  }
  const sizes = { grew: statSync(path).size - before, walPages: statSync(`${path}-wal`).size / PAGE }
  await store.close()
  return sizes
}

describe('sqlite store: checkpointPages', () => {
  it('copies the WAL into the file once it passes the set number of pages, not before', async () => {
    // 300 commits write several pages each: well past 100 pages, far short of 100,000.
    const small = await sizesAfter(100, 300)
    const large = await sizesAfter(100_000, 300)
    // Checkpointed: the database file grew and the WAL was restarted near the limit.
    expect(small.grew).toBeGreaterThan(0)
    expect(small.walPages).toBeLessThan(300)
    // Never checkpointed: everything is still in the WAL, the file as it was after migrating.
    expect(large.grew).toBe(0)
    expect(large.walPages).toBeGreaterThan(300)
  })

  it('defaults to 4,000 pages: 300 small commits stay in the WAL', async () => {
    const sizes = await sizesAfter(undefined, 300)
    expect(sizes.grew).toBe(0)
  })

  it('refuses a page count that is not a whole number from 100 to 1,000,000 with CONFIG_INVALID', () => {
    for (const checkpointPages of [0, 99, 1.5, 1_000_001, Number.NaN, '4000']) {
      let error: unknown
      try {
        sqliteStore({ path: join(dir, 'bad.db'), checkpointPages } as never)
      } catch (e) {
        error = e
      }
      expect(isWismoError(error, 'CONFIG_INVALID'), String(checkpointPages)).toBe(true)
      expect((error as Error).message).toContain('checkpointPages')
    }
  })
})
