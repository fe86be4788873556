import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type AftershipCarrier, aftershipCarrier } from '../src/index.ts'
import { aftershipHandlers, NUMBERS, testAftership, webhookRequest } from './aftership-api.ts'

const server = setupServer(...aftershipHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testCarrier<AftershipCarrier>({
  name: 'aftership',
  create: () => testAftership(),
  knownNumbers: () => [NUMBERS.inTransit, NUMBERS.delivered, NUMBERS.returned],
  unknownNumber: NUMBERS.unknown,
  unknownBehaviour: 'omit',
  config: {
    factory: (options) => aftershipCarrier(options as never),
    invalid: {
      apiKey: 'short',
      webhookSecret: ['tiny'],
      slug: 'Not A Slug',
      apiVersion: 'latest',
      bogus: true,
    },
    fields: ['apiKey', 'webhookSecret', 'slug', 'apiVersion', 'bogus'],
    secretValues: ['short', 'tiny'],
  },
  webhook: {
    signedRequest: () => webhookRequest(),
    unsignedRequest: () => webhookRequest(undefined, null),
  },
  skip: [
    {
      reason: 'AfterShip signs no timestamp (the body’s `ts` is not covered by the signature)',
      tests: ['webhook-stale'],
    },
  ],
})
