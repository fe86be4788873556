import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type ShippoCarrier, shippoCarrier } from '../src/index.ts'
import {
  API_KEY,
  HMAC_SECRET,
  NUMBERS,
  shippoApi,
  testShippo,
  URL_TOKEN,
  webhookRequest,
} from './shippo-api.ts'

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

// Shippo's default protection: the URL token alone (HMAC is enabled per account on request).
testCarrier<ShippoCarrier>({
  name: 'shippo (URL token only)',
  create: () => testShippo({ webhook: { urlTokens: [URL_TOKEN] } }),
  knownNumbers: () => [NUMBERS.inTransit],
  unknownNumber: NUMBERS.unknown,
  webhook: {
    signedRequest: () => webhookRequest({ signature: null }),
    unsignedRequest: () => webhookRequest({ signature: null, url: 'https://shop.example/webhooks/shippo' }),
  },
  skip: [
    {
      reason: 'a URL token does not cover the body (enable Shippo’s HMAC for that)',
      tests: ['webhook-tampered'],
    },
    { reason: 'a URL token carries no timestamp', tests: ['webhook-stale'] },
    { reason: 'options are checked by the suite run above', tests: ['config-invalid'] },
  ],
})
