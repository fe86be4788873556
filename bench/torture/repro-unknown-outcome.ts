/**
 * Reproduction of the double send the torture run found, fixed in core since (run:
 * `node --conditions=@wismo/source bench/torture/repro-unknown-outcome.ts`; exits 1 if it comes
 * back). A provider that honours idempotency keys accepts a message but answers too late
 * (NOTIFY_TIMEOUT: outcome unknown); the next attempt rightly asks that provider again, which now
 * answers 503 (or its breaker is open: PAUSED); the attempt after that used to forget the
 * unknown outcome and hand the message to the fallback provider: the customer got it twice.
 */
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import { createWismo, defineNotifier, type Notifier, WismoError } from '../../packages/core/src/index.ts'
import { SANDBOX_SECRET } from './stream.ts'

const accepted: string[] = []
let primaryCalls = 0
const primary = defineNotifier({
  id: 'keyed-primary',
  capabilities: { channels: ['email'], idempotencyKeys: true },
  setup: () => ({
    send: async (m) => {
      primaryCalls++
      if (primaryCalls === 1) {
        accepted.push(`keyed-primary ${m.idempotencyKey}`) // accepted, but the answer comes too late
        throw new WismoError('NOTIFY_TIMEOUT', 'no answer in time')
      }
      throw new WismoError('NOTIFY_UNAVAILABLE', '503 from the provider')
    },
  }),
})() as Notifier
const fallback = defineNotifier({
  id: 'fallback',
  capabilities: { channels: ['email'], idempotencyKeys: true },
  setup: () => ({
    send: async (m) => {
      accepted.push(`fallback ${m.idempotencyKey}`)
      return { providerMessageId: 'fb-1' }
    },
  }),
})() as Notifier

let now = new Date('2026-03-10T12:00:00Z')
const sandbox = sandboxCarrier({ seed: 3, webhookSecret: SANDBOX_SECRET, clock: () => now })
const wismo = createWismo({
  carriers: [sandbox],
  clock: () => now,
  notifications: {
    channels: { email: [primary, fallback] },
    triggers: { delivered: ['email'] },
    shop: { name: 'Repro' },
    trackingUrl: ({ orderId }) => `https://shop.example/track/${orderId}`,
    burstWindowMs: 0,
    quietHours: null,
  },
})
const { trackingNumber } = await sandbox.createShipment({})
await wismo.registerOrder({ id: 'A-1', customer: { email: 'robin@customers.example' } })
await wismo.registerShipment({ orderId: 'A-1', trackingNumber, carrier: 'sandbox' })
await wismo.ingest({
  carrier: 'sandbox',
  trackingNumber,
  source: 'manual',
  events: [{ status: 'delivered', rawCode: 'DL', rawText: 'Delivered', occurredAt: '2026-03-10T11:00:00Z' }],
})
for (let pass = 1; pass <= 4; pass++) {
  const report = await wismo.workers.notify({ workerId: 'repro' })
  const rows = await wismo.store.listOutbox({})
  const row = rows.find((r) => r.topic.startsWith('notify.'))
  console.log(`pass ${pass}: ${JSON.stringify(report)} lastError=${row?.lastError}`)
  now = new Date(now.getTime() + 3_600_000)
}
console.log(`accepted: ${accepted.join(', ')}`)
process.exitCode = accepted.length > 1 ? 1 : 0
console.log(accepted.length > 1 ? 'BUG: one notification accepted by two providers' : 'ok: accepted once')
