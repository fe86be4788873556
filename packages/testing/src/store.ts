import { describe } from 'vitest'
import { budgetCases } from './store/cases-budget.ts'
import { concurrencyCases } from './store/cases-concurrency.ts'
import { contractCases } from './store/cases-contract.ts'
import { eventCases } from './store/cases-events.ts'
import { feedbackCases } from './store/cases-feedback.ts'
import { identityCases } from './store/cases-identity.ts'
import { labelCases } from './store/cases-labels.ts'
import { leaseCases } from './store/cases-leases.ts'
import { opsCases } from './store/cases-ops.ts'
import { outboxCases } from './store/cases-outbox.ts'
import { roundTripCases } from './store/cases-roundtrip.ts'
import { runtimeCases } from './store/cases-runtime.ts'
import { shipmentCases } from './store/cases-shipments.ts'
import { statsCases } from './store/cases-stats.ts'
import { harness, type TestStoreOptions } from './store/harness.ts'

export { DATABASE_CLOCK_CASES } from './store/cases-leases.ts'
export { CARRIER_TIMES, largePayload, unusualShipment } from './store/cases-roundtrip.ts'
export { eventFixture, orderFixture, shipmentFixture } from './store/fixtures.ts'
export type { StoreProbe, StoreSkip, TestStoreOptions } from './store/harness.ts'

/**
 * The store conformance suite: every store adapter runs it through the public contract, and
 * with a `probe` the suite also checks what was really persisted.
 * @example
 * import { testStore } from '@wismo/testing/store'
 * testStore({ name: 'my-store', create: () => myStore({ url }), probe: (s) => myProbe(url), reopen: (s) => s.close().then(() => myStore({ url })) })
 */
export function testStore(options: TestStoreOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    const h = harness(options)
    shipmentCases(h)
    identityCases(h)
    contractCases(h)
    eventCases(h)
    outboxCases(h)
    leaseCases(h)
    runtimeCases(h)
    roundTripCases(h)
    concurrencyCases(h)
    statsCases(h)
    budgetCases(h)
    labelCases(h)
    feedbackCases(h)
    opsCases(h)
  })
}
