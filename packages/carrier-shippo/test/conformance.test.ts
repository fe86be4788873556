import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type ShippoCarrier, shippoCarrier } from '../src/index.ts'
import { API_KEY, HMAC_SECRET, NUMBERS, shippoApi, testShippo, webhookRequest } from './shippo-api.ts'

const server = setupServer(...shippoApi().handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testCarrier<ShippoCarrier>({
  name: 'shippo',
  create: () => testShippo(),
  knownNumbers: () => [NUMBERS.delivered, NUMBERS.inTransit],
  unknownNumber: NUMBERS.unknown,
  unknownBehaviour: 'omit',
  config: {
    factory: (options) => shippoCarrier(options as never),
    invalid: {
      apiKey: 'short',
      baseUrl: 'not a url',
      defaultCarrier: 'Not A Token',
      webhook: { urlTokens: ['hunter2-short'] },
      bogus: true,
    },
    fields: ['apiKey', 'baseUrl', 'defaultCarrier', 'webhook.urlTokens', 'bogus'],
    secretValues: ['short', 'hunter2-short', API_KEY, HMAC_SECRET],
  },
  webhook: {
    signedRequest: () => webhookRequest(),
    staleRequest: () => webhookRequest({ timestamp: 1_700_000_000 }),
  },
})
