import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type EasypostCarrier, easypostCarrier } from '../src/index.ts'
import { API_KEY, easypostHandlers, NUMBERS, testEasypost, webhookRequest } from './easypost-api.ts'

const server = setupServer(...easypostHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testCarrier<EasypostCarrier>({
  name: 'easypost',
  create: () => testEasypost(),
  knownNumbers: () => [NUMBERS.preTransit, NUMBERS.inTransit, NUMBERS.delivered],
  unknownNumber: NUMBERS.unknown,
  unknownBehaviour: 'omit',
  config: {
    factory: (options) => easypostCarrier(options as never),
    invalid: {
      apiKey: 'short',
      baseUrl: 'not a url',
      webhookSecret: [],
      requestsPerSecond: -1,
      bogus: true,
    },
    fields: ['apiKey', 'baseUrl', 'webhookSecret', 'requestsPerSecond', 'bogus'],
    secretValues: ['short', API_KEY],
  },
  webhook: {
    signedRequest: () => webhookRequest(),
    unsignedRequest: () => webhookRequest(undefined, null),
  },
  skip: [
    {
      reason: 'EasyPost signs no timestamp (X-Hmac-Signature covers the body only)',
      tests: ['webhook-stale'],
    },
  ],
})
