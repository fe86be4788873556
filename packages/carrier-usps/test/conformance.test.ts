import { testCarrier } from '@wismo/testing/carrier'
import { afterAll, beforeAll } from 'vitest'
import { uspsCarrier } from '../src/index.ts'
import { BASE, CREDENTIALS, fixture, uspsServer } from './usps-api.ts'

const parcels = {
  // A real USPS number (valid check digit) answered with our own in-transit body.
  '9400109104250532908587': fixture('in-transit.json'),
  EE123456785US: fixture('international.json'),
}
const { server } = uspsServer(parcels)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

testCarrier({
  name: 'usps',
  create: () => uspsCarrier({ ...CREDENTIALS, baseUrl: BASE, retries: 0 }),
  knownNumbers: () => Object.keys(parcels),
  // Well-formed (valid IMpb check digit) but unknown to the mocked USPS: its 404 means "omit".
  unknownNumber: '9400111206206406260787',
  unknownBehaviour: 'omit',
  // USPS's own formats (IMpb 94…, S10 …US) are not foreign to this adapter.
  foreignNumbers: ['1Z999AA10123456784', '449044304137821', 'JJD000390007882765453', 'RR123456785GB'],
  config: {
    factory: (options) => uspsCarrier(options as never),
    invalid: { clientId: '', clientSecret: 'short', baseUrl: 'not a url', retries: -1, bogus: true },
    fields: ['clientId', 'clientSecret', 'baseUrl', 'retries', 'bogus'],
    secretValues: ['short'],
  },
})
