import type { Carrier } from '@wismo/core'
import { describe } from 'vitest'
import { basicCases, trackCases } from './carrier/cases-basic.ts'
import { webhookCases } from './carrier/cases-webhook.ts'
import { carrierHarness } from './carrier/harness.ts'
import type { TestCarrierOptions } from './carrier/options.ts'

export {
  CARRIER_TESTS,
  type CarrierSkip,
  type CarrierTestName,
  type RequestFactory,
  type TestCarrierOptions,
  type WebhookRequestLike,
} from './carrier/options.ts'

/**
 * The carrier conformance suite. Registers vitest tests that check a carrier adapter through its
 * public API only: a stable kebab-case id; capabilities that match the methods present; `track`
 * answers that pass `TrackingUpdateSchema`; the documented handling of unknown numbers; `detect`
 * scores in 0..1 that rank the carrier's own numbers first; `CONFIG_INVALID` for bad options
 * without echoing secrets; and, for webhooks, signature, tampering, staleness and payload checks.
 * A test the adapter cannot support is skipped by name with a reason, shown in its title.
 * @example
 * // test/conformance.test.ts of a carrier package
 * import { testCarrier } from '@wismo/testing/carrier'
 * testCarrier({
 *   name: 'acme',
 *   create: () => acmeCarrier({ apiKey: 'test-key' }),
 *   knownNumbers: () => ['ACME000123'],           // served by msw fixtures
 *   unknownNumber: 'ACME999999',
 *   unknownBehaviour: 'throw',                    // acme documents CARRIER_NOT_FOUND
 *   config: { factory: (o) => acmeCarrier(o as never), invalid: { apiKey: 42 }, fields: ['apiKey'] },
 *   webhook: { signedRequest: () => signedFixture() },
 *   skip: [{ reason: 'acme signs no timestamp', tests: ['webhook-stale'] }],
 * })
 */
export function testCarrier<C extends Carrier>(options: TestCarrierOptions<C>): void {
  describe(`carrier conformance: ${options.name}`, () => {
    const h = carrierHarness(options)
    basicCases(h)
    trackCases(h)
    webhookCases(h)
  })
}
