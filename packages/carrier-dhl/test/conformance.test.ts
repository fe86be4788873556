import { testCarrier } from '@wismo/testing/carrier'
import { afterAll, beforeAll, vi } from 'vitest'
import { dhlCarrier } from '../src/index.ts'
import { API_KEY, dhlApi, KNOWN } from './dhl-api.ts'

// One request per number, spaced 1 s apart (DHL's Starter rate): give the track cases room.
vi.setConfig({ testTimeout: 30_000 })

beforeAll(() => dhlApi.listen({ onUnhandledFrame: 'error' }))
afterAll(() => dhlApi.close())

testCarrier({
  name: 'dhl',
  create: () => dhlCarrier({ apiKey: API_KEY }),
  // Express waybill, Paket SSCC, an Express piece id (also among the suite's foreign numbers,
  // since it is DHL's), eCommerce.
  knownNumbers: () => Object.keys(KNOWN),
  unknownNumber: '3318810036',
  unknownBehaviour: 'omit',
  config: {
    factory: (options) => dhlCarrier(options as never),
    invalid: {
      apiKey: 'short',
      service: 'pony-express',
      language: 'english',
      baseUrl: 'http://dhl.example',
      bogus: 1,
    },
    fields: ['apiKey', 'service', 'language', 'baseUrl', 'bogus'],
    secretValues: ['short'],
  },
})
