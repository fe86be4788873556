import { signHmacHeader } from '@wismo/core'
import { testCarrier } from '@wismo/testing/carrier'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { FEDEX_SIGNATURE, fedexCarrier } from '../src/index.ts'
import { CLIENT, expressNumber, fedexApi, resultFor } from './mock-api.ts'

// More numbers than one batch (30), so the suite's chunking by `capabilities.batch` runs too.
const known = Array.from({ length: 35 }, (_, i) => expressNumber(79484318000 + i))
const knownSet = new Set(known)
const api = fedexApi((n) => (knownSet.has(n) ? [resultFor(n)] : undefined))
const server = setupServer(...api.handlers)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const TOKEN = 'fedex-webhook-security-token-0001'

/** A push as FedEx sends it: a track answer, signed with the project's security token. */
async function push(number: string): Promise<Request> {
  const body = JSON.stringify({
    transactionId: 'd2b2a1a4-35c4-4a7f-9f0c-1b2f1c3e0a11',
    output: { completeTrackResults: [{ trackingNumber: number, trackResults: [resultFor(number)] }] },
  })
  const signature = await signHmacHeader(FEDEX_SIGNATURE, { secret: TOKEN, body })
  return new Request('https://shop.example/webhooks/fedex', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body,
  })
}

testCarrier({
  name: 'fedex',
  create: () => fedexCarrier({ ...CLIENT, retries: 0, webhookSecurityTokens: [TOKEN] }),
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
  webhook: { signedRequest: () => push(known[0] as string) },
  skip: [
    { reason: 'FedEx signs no timestamp (fdx-signature covers the body only)', tests: ['webhook-stale'] },
  ],
})
