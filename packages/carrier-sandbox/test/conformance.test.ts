import { testCarrier } from '@wismo/testing/carrier'
import { type SandboxCarrier, sandboxCarrier } from '../src/index.ts'
import { SECRET, START } from './fixtures.ts'

const now = new Date(START)
const HOUR_MS = 3_600_000

/** The first webhook of a new shipment, signed at `sentAt`. */
async function firstWebhook(carrier: SandboxCarrier, sentAt: Date): Promise<Request> {
  const [delivery] = carrier.simulator.ship({}).deliveries
  if (!delivery) throw new Error('a new shipment has at least one webhook')
  return carrier.simulator.toRequest(delivery, sentAt)
}

testCarrier<SandboxCarrier>({
  name: 'sandbox',
  create: () => sandboxCarrier({ seed: 42, webhookSecret: SECRET, clock: () => now }),
  // More numbers than one track batch (50), so chunking is exercised too.
  knownNumbers: async (carrier) =>
    Promise.all(Array.from({ length: 60 }, async () => (await carrier.createShipment({})).trackingNumber)),
  unknownNumber: 'SBX00000000000',
  unknownBehaviour: 'omit',
  config: {
    factory: (options) => sandboxCarrier(options as never),
    invalid: {
      seed: -1,
      webhookSecret: 'hunter2-is-not-a-secret',
      duplicateRate: 2,
      delays: { legHours: [5, 1] },
      bogus: true,
    },
    fields: ['seed', 'webhookSecret', 'duplicateRate', 'delays.legHours', 'bogus'],
    secretValues: ['hunter2-is-not-a-secret'],
  },
  webhook: {
    signedRequest: (carrier) => firstWebhook(carrier, now),
    staleRequest: (carrier) => firstWebhook(carrier, new Date(now.getTime() - HOUR_MS)),
  },
})
