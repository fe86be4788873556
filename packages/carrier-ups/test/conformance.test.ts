import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { type UpsCarrier, upsCarrier } from '../src/index.ts'
import { CLIENT_SECRET, NUMBERS, testUps, trackAlertRequest, upsHandlers } from './ups-api.ts'

const server = setupServer(...upsHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testCarrier<UpsCarrier>({
  name: 'ups',
  create: () => testUps(),
  knownNumbers: () => [NUMBERS.inTransit, NUMBERS.delivered, NUMBERS.multi],
  unknownNumber: NUMBERS.unknown,
  unknownBehaviour: 'omit',
  // The suite's default list holds a UPS number (1Z999AA10123456784): the other carriers only.
  foreignNumbers: ['9400111899223197428490', '449044304137821', 'JJD000390007882765453', 'EE123456785US'],
  config: {
    factory: (options) => upsCarrier(options as never),
    invalid: {
      clientId: 'id',
      clientSecret: 'short',
      baseUrl: 'not a url',
      trackAlert: { url: 'http://shop.example/hook', credentials: ['hunter2-short'] },
      bogus: true,
    },
    fields: ['clientId', 'clientSecret', 'baseUrl', 'trackAlert.url', 'trackAlert.credentials', 'bogus'],
    secretValues: ['short', 'hunter2-short', CLIENT_SECRET],
  },
  webhook: {
    signedRequest: () => trackAlertRequest(),
    unsignedRequest: () => trackAlertRequest(undefined, ''),
  },
  skip: [
    {
      reason: 'UPS Track Alert sends a static credential header; the body is not covered by it',
      tests: ['webhook-tampered'],
    },
    { reason: 'UPS Track Alert signs no timestamp', tests: ['webhook-stale'] },
  ],
})
