import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isWismoError, type Shipment } from '@wismo/core'
import { orderFixture, shipmentFixture } from '@wismo/testing/store'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteStore } from './index.ts'

const dir = mkdtempSync(join(tmpdir(), 'wismo-sqlite-steady-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A WAL frame: a 24-byte header and one 4,096-byte page (after the WAL's 32-byte header). */
const FRAME = 24 + 4096

describe('sqlite store: updating a stored shipment', () => {
  it('writes only the row when no indexed column changes, and still applies those that do', async () => {
    const path = join(dir, 'steady.db')
    // No checkpoint during the test, so the WAL's size counts every page written.
    const store = sqliteStore({ path, checkpointPages: 1_000_000 })
    const walFrames = () => (statSync(`${path}-wal`).size - 32) / FRAME
    let shipment: Shipment = shipmentFixture({ status: 'in_transit' })
    await store.commit({ shipment, expectedVersion: null, events: [], outbox: [] })
    const update = async (changes: Partial<Shipment>) => {
      const next = { ...shipment, ...changes, version: shipment.version + 1 }
      await store.commit({ shipment: next, expectedVersion: shipment.version, events: [], outbox: [] })
      shipment = next
    }

    // The usual update (a new estimate, same status): the table's page, not the nine indexes'.
    const before = walFrames()
    for (let i = 0; i < 20; i++)
      await update({
        promisedDate: `2026-03-${String(10 + i)}`,
        updatedAt: `2026-03-02T10:${10 + i}:00.000Z`,
      })
    expect((walFrames() - before) / 20).toBeLessThanOrEqual(2)
    expect(await store.getShipment(shipment.id)).toEqual(shipment)

    // Indexed columns that changed are written: status, the carrier's id, the order.
    await store.putOrder(orderFixture({ id: 'A-1' }))
    await update({ status: 'delivered', carrierShipmentId: 'SBX-9', orderId: 'A-1' })
    expect(await store.getShipment(shipment.id)).toEqual(shipment)
    expect((await store.listShipments({ status: ['delivered'] })).items.map((s) => s.id)).toEqual([
      shipment.id,
    ])
    expect((await store.listShipments({ orderId: 'A-1' })).items.map((s) => s.id)).toEqual([shipment.id])

    // A write from a stale version changes nothing, whichever statement it would have taken.
    const stale = { ...shipment, promisedDate: '2026-04-01', version: shipment.version }
    const error = await store
      .commit({ shipment: stale, expectedVersion: shipment.version - 1, events: [], outbox: [] })
      .catch((e: unknown) => e)
    expect(isWismoError(error, 'STORE_CONFLICT')).toBe(true)
    expect(await store.getShipment(shipment.id)).toEqual(shipment)
    await store.close()
  })
})
