import { PGlite } from '@electric-sql/pglite'
import type { RawPayloadInput, Shipment, WismoStore } from '@wismo/core'
import { shipmentFixture } from '@wismo/testing/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../src/index.ts'

/** PGlite behind a query-only client that counts the archive's statements and can fail them. */
let lite: PGlite
let archiveStatements = 0
let failArchive: Error | null = null
let store: WismoStore
let ungrouped: WismoStore

beforeAll(async () => {
  lite = await PGlite.create()
  const client = {
    query: async (text: string, params?: unknown[]) => {
      if (text.includes('raw_payloads (id')) {
        archiveStatements++
        if (failArchive) throw failArchive
      }
      return lite.query(text, params)
    },
  }
  store = postgresStore({ client, schema: 'archive_batch' })
  await store.listShipments({ limit: 1 })
  ungrouped = postgresStore({ client, schema: 'archive_batch', groupCommit: false })
}, 60_000)
afterAll(async () => {
  await ungrouped.close()
  await store.close()
  await lite.close()
})

async function shipments(n: number): Promise<Shipment[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const shipment = shipmentFixture()
      await store.commit({ shipment, expectedVersion: null, events: [], outbox: [], delivery: undefined })
      return shipment
    }),
  )
}

let next = 0
const payload = (shipmentIds: string[], body = `{"n":${next}}`): RawPayloadInput => ({
  id: `payload-${next++}`,
  source: 'webhook',
  carrier: 'sandbox',
  receivedAt: '2026-03-02T10:00:00.000Z',
  contentType: 'application/json',
  body,
  truncated: false,
  shipmentIds,
})

describe('postgres store: archived bodies of one turn share one statement', () => {
  it('writes bodies archived together in one statement, each listed under its shipments', async () => {
    const [a, b, c] = (await shipments(3)) as [Shipment, Shipment, Shipment]
    const payloads = [
      payload([a.id]),
      payload([b.id, c.id]),
      payload([a.id, a.id], 'with "quotes", a \\ backslash, {braces} and ünïcode'),
    ]
    archiveStatements = 0
    await Promise.all(payloads.map((p) => store.archivePayload(p)))
    expect(archiveStatements).toBe(1)
    const listed = async (s: Shipment) => (await store.listPayloads(s.id)).items.map((p) => p.body).sort()
    expect(await listed(a)).toEqual([payloads[0]?.body, payloads[2]?.body].sort())
    expect(await listed(b)).toEqual([payloads[1]?.body])
    expect(await listed(c)).toEqual([payloads[1]?.body])
    // Archived again (a sender's retry): nothing doubles.
    await Promise.all(payloads.map((p) => store.archivePayload(p)))
    expect(await listed(a)).toHaveLength(2)
  })

  it('takes at most 64 bodies a statement', async () => {
    const [a] = (await shipments(1)) as [Shipment]
    archiveStatements = 0
    await Promise.all(Array.from({ length: 70 }, () => store.archivePayload(payload([a.id]))))
    expect(archiveStatements).toBe(2)
    expect((await store.listPayloads(a.id, { limit: 100 })).items).toHaveLength(70)
  })

  it('archives a lone body in a statement of its own, and one after another in one each', async () => {
    const [a] = (await shipments(1)) as [Shipment]
    archiveStatements = 0
    await store.archivePayload(payload([a.id]))
    await store.archivePayload(payload([a.id]))
    expect(archiveStatements).toBe(2)
    expect((await store.listPayloads(a.id)).items).toHaveLength(2)
  })

  it('with groupCommit: false writes every body in a statement of its own', async () => {
    const [a] = (await shipments(1)) as [Shipment]
    archiveStatements = 0
    await Promise.all([ungrouped.archivePayload(payload([a.id])), ungrouped.archivePayload(payload([a.id]))])
    expect(archiveStatements).toBe(2)
    expect((await ungrouped.listPayloads(a.id)).items).toHaveLength(2)
  })

  it("rejects every caller of a failed statement with the store's coded error, and the next batch goes on", async () => {
    const [a] = (await shipments(1)) as [Shipment]
    failArchive = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })
    const failed = await Promise.allSettled([
      store.archivePayload(payload([a.id])),
      store.archivePayload(payload([a.id])),
    ])
    failArchive = null
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    for (const r of failed)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_UNAVAILABLE' })
    await store.archivePayload(payload([a.id]))
    expect((await store.listPayloads(a.id)).items).toHaveLength(1)
  })

  it('refuses an invalid body alone with INPUT_INVALID; the others of its turn are stored', async () => {
    const [a] = (await shipments(1)) as [Shipment]
    const results = await Promise.allSettled([
      store.archivePayload(payload([a.id])),
      store.archivePayload({ ...payload([a.id]), receivedAt: 'yesterday' }),
    ])
    expect(results[0]?.status).toBe('fulfilled')
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INPUT_INVALID' })
    expect((await store.listPayloads(a.id)).items).toHaveLength(1)
  })
})
