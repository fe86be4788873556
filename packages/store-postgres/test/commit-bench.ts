/**
 * Store-level A/B of group commit on a real server: the same concurrent commit stream through a
 * store with `groupCommit: false` and one with it on, alternating rounds so both see the same
 * machine load. Each commit first reads its shipment (as ingest does), so reads and commits share
 * the pool. Prints commits/s per round and the on/off ratio per pair.
 *   WISMO_TEST_PG_URL=… node --conditions=@wismo/source packages/store-postgres/test/commit-bench.ts [rounds] [commits] [concurrency]
 */
import type { Shipment, WismoStore } from '@wismo/core'
import { eventFixture, shipmentFixture } from '@wismo/testing/store'
import { migrate, postgresStore } from '../src/index.ts'
import { pg } from './clients.ts'

const url = process.env.WISMO_TEST_PG_URL
if (!url) throw new Error('WISMO_TEST_PG_URL is not set')
const [rounds = 3, commits = 3000, concurrency = 50] = process.argv.slice(2).map(Number)
const schema = `wismo_cb_${process.pid}`

async function round(store: WismoStore, parcels: Shipment[], n: number): Promise<number> {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < commits; i = next++) {
      const p = parcels[(i * 7919) % parcels.length] as Shipment
      const now = (await store.getShipment(p.id)) as Shipment
      const events = [1, 2, 3, 4, 5, 6].map((k) => eventFixture(p, n * 1_000_000 + i * 10 + k, now.updatedAt))
      await store
        .commit({
          shipment: { ...now, version: now.version + 1 },
          expectedVersion: now.version,
          events,
          outbox: [],
        })
        .catch(() => undefined)
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return commits / ((performance.now() - start) / 1000)
}

const pool = new pg.Pool({ connectionString: url, max: 10 })
await migrate(pool, { schema })
const off = postgresStore({ client: pool, schema, groupCommit: false })
const on = postgresStore({ client: pool, schema, groupCommit: true })
const parcels = Array.from({ length: 2000 }, () => shipmentFixture())
for (const p of parcels) await off.commit({ shipment: p, expectedVersion: null, events: [], outbox: [] })
for (let r = 0; r < rounds; r++) {
  const a = await round(off, parcels, r * 2)
  const b = await round(on, parcels, r * 2 + 1)
  console.log(`round ${r}: off ${a.toFixed(0)}/s, on ${b.toFixed(0)}/s, on/off ${(b / a).toFixed(2)}×`)
}
await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
await pool.end()
