import { describe, expect, it } from 'vitest'
import { isWismoError } from '../errors.ts'
import type { WismoStore } from '../store/contract.ts'
import { memoryStore } from '../store/memory-store.ts'
import { acmeCarrier, acmeUpdate, scan } from '../test-carriers.test-helpers.ts'
import { createWismo } from '../wismo.ts'

/** A memory store that counts the commits it refused for a lost version check. */
function countingStore(): { store: WismoStore; conflicts: () => number } {
  const inner = memoryStore()
  let conflicts = 0
  const store: WismoStore = {
    ...inner,
    commit: (write) =>
      inner.commit(write).catch((e: unknown) => {
        if (isWismoError(e, 'STORE_CONFLICT')) conflicts++
        throw e
      }),
  }
  return { store, conflicts: () => conflicts }
}

describe('registering a parcel while its scans arrive', () => {
  it('waits in the per-number queue with the ingests: no version race, and nothing lost', async () => {
    const { store, conflicts } = countingStore()
    const wismo = createWismo({ store, carriers: [acmeCarrier({ apiKey: 'secret-key-123' })] })
    const number = 'ACME00000077'
    await wismo.registerOrder({ id: 'O-77', customer: { email: 'ana@example.com' } })
    await wismo.ingest(acmeUpdate(number, [scan(1, 'info_received', '2026-03-01T08:00:00Z')]))
    const days = ['02', '03', '04', '05', '06', '07']
    // Registrations and ingests of the same parcel, all started in one turn.
    const [registered] = await Promise.all([
      wismo.registerShipment({ orderId: 'O-77', trackingNumber: number, metadata: { sku: 'A' } }),
      ...days.map((d, i) =>
        wismo.ingest(acmeUpdate(number, [scan(i + 2, 'in_transit', `2026-03-${d}T08:00:00Z`)])),
      ),
      wismo.registerShipment({ orderId: 'O-77', trackingNumber: number, promisedDate: '2026-03-09' }),
    ])
    expect(conflicts()).toBe(0)
    const stored = await store.getShipment(registered.id)
    expect(stored).toMatchObject({ orderId: 'O-77', metadata: { sku: 'A' }, promisedDate: '2026-03-09' })
    expect((await store.listEvents(registered.id)).items).toHaveLength(7)
  })
})
