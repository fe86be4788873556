import { describe } from 'vitest'
import { eventCases } from './store/cases-events.ts'
import { outboxCases } from './store/cases-outbox.ts'
import { shipmentCases } from './store/cases-shipments.ts'
import { harness, type TestStoreOptions } from './store/harness.ts'

export type { StoreProbe, StoreSkip, TestStoreOptions } from './store/harness.ts'
export { eventFixture, orderFixture, shipmentFixture } from './store/fixtures.ts'

/**
 * The store conformance suite: every store adapter runs it through the public contract, and
 * with a `probe` the suite also checks what was really persisted.
 * @example
 * import { testStore } from '@wismo/testing/store'
 * testStore({ name: 'my-store', create: () => myStore({ url }), probe: (s) => myProbe(url) })
 */
export function testStore(options: TestStoreOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    const h = harness(options)
    shipmentCases(h)
    eventCases(h)
    outboxCases(h)
  })
}
