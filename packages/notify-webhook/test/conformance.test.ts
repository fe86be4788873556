import { testNotifier } from '@wismo/testing/notifier'
import { afterAll, beforeAll } from 'vitest'
import { webhookNotifier } from '../src/index.ts'
import { type Receiver, startReceiver } from './receiver.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver([SECRET])
})
afterAll(() => receiver.close())

testNotifier({
  name: 'webhook',
  // The receiver is on loopback, which the notifier refuses unless told otherwise.
  create: () => webhookNotifier({ secret: SECRET, allowPrivateNetworks: true }),
  message: () => ({
    idempotencyKey: 'notif_conformance_1',
    channel: 'webhook',
    to: `${receiver.url}/hooks/wismo`,
    text: 'Your parcel was delivered',
    type: 'shipment.delivered',
    payload: { shipmentId: 'shp_1', status: 'delivered' },
  }),
  fault: (kind) => receiver.answer(kind),
  lastIdempotencyKey: () => {
    const last = receiver.last()
    // Only a delivery the receiver could verify counts as having received the key.
    return last && last.verifiedBy.length > 0 ? String(last.headers['webhook-id']) : null
  },
  config: {
    factory: (o) => webhookNotifier(o as never),
    invalid: { secret: 'whsec_dG9vc2hvcnQ=', url: 'ftp://erp.example/hooks', timeoutMs: 5, extra: 1 },
    fields: ['secret', 'url', 'timeoutMs', 'extra'],
    secretValues: ['whsec_dG9vc2hvcnQ='],
  },
  skip: [
    {
      reason:
        'webhooks have no opt-out: a receiver that wants no more answers 410 Gone (NOTIFY_REQUEST_REJECTED)',
      tests: ['fault-opted-out'],
    },
  ],
})
