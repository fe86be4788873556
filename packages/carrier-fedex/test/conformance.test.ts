import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { fedexCarrier } from '../src/index.ts'
import { CLIENT, expressNumber, fedexApi, resultFor } from './mock-api.ts'

// More numbers than one batch (30), so the suite's chunking by `capabilities.batch` runs too.
const known = Array.from({ length: 35 }, (_, i) => expressNumber(79484318000 + i))
const knownSet = new Set(known)
const api = fedexApi((n) => (knownSet.has(n) ? [resultFor(n)] : undefined))
const server = setupServer(...api.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testCarrier({
  name: 'fedex',
  create: () => fedexCarrier({ ...CLIENT, retries: 0 }),
  knownNumbers: () => known,
  unknownNumber: expressNumber(12345678901),
  unknownBehaviour: 'omit',
  // The suite's default list holds a FedEx Ground number; only other carriers' formats here.
  foreignNumbers: ['1Z999AA10123456784', '9400111899223197428490', 'JJD000390007882765453', 'EE123456785US'],
  config: {
    factory: (options) => fedexCarrier(options as never),
    invalid: { clientId: 'abc', clientSecret: 'hunter2', baseUrl: 'not a url', locale: 'english', bogus: 1 },
    fields: ['clientId', 'clientSecret', 'baseUrl', 'locale', 'bogus'],
    secretValues: ['hunter2'],
  },
  skip: [
    {
      reason: 'FedEx push (Shipment Visibility webhooks) is a paid product this adapter does not implement',
      tests: [
        'webhook-signed',
        'webhook-tampered',
        'webhook-unsigned',
        'webhook-stale',
        'webhook-unprocessable',
      ],
    },
  ],
})
