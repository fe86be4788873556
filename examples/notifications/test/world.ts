/** Orders, shipments and scans for the proofs: every customer has a phone and an address of their own. */
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import type { Logger, Wismo } from '@wismo/core'

export const MIN = 60_000

/** Valid sandbox tracking numbers (the sandbox makes them; same seed, same numbers). */
export async function trackingNumbers(count: number, seed: number): Promise<string[]> {
  const sandbox = sandboxCarrier({
    seed,
    webhookSecret: `whsec_${Buffer.alloc(32, 9).toString('base64')}`,
    clock: () => new Date('2026-03-01T09:00:00Z'),
  })
  const numbers: string[] = []
  for (let i = 0; i < count; i++) numbers.push((await sandbox.createShipment({})).trackingNumber)
  return numbers
}

/** The customer of order `i`: a fictional US number (555-01xx) and an example.com address. */
export const customerOf = (i: number) => ({
  name: `Customer ${i}`,
  email: `customer${i}@example.com`,
  phone: `+1415555${String(100 + i).padStart(4, '0')}`,
  timeZone: 'America/Denver',
})

/** Register order `i` with its shipment, then a scan of `status` (which is what calls for a message). */
export async function orderWithScan(
  wismo: Wismo,
  i: number,
  trackingNumber: string,
  status: 'out_for_delivery' | 'delivered',
  at: Date,
) {
  await wismo.registerOrder({
    id: `A-${1000 + i}`,
    customer: customerOf(i),
    preferences: { email: true, sms: true, mutedTriggers: [] },
  })
  await wismo.registerShipment({ orderId: `A-${1000 + i}`, trackingNumber, carrier: 'sandbox' })
  await wismo.ingest({
    carrier: 'sandbox',
    trackingNumber,
    source: 'webhook',
    events: [
      {
        status,
        rawCode: status === 'delivered' ? 'DL' : 'OD',
        rawText: status === 'delivered' ? 'Delivered' : 'Out for delivery',
        occurredAt: at.toISOString(),
        location: { city: 'Denver', region: 'CO', country: 'US' },
      },
    ],
  })
}

/** A logger that keeps what it was told. */
export function recordingLogger() {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = []
  const at =
    (level: string) =>
    (obj: object, msg = '') =>
      void lines.push({ level, msg, obj: obj as Record<string, unknown> })
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
  return { logger, lines }
}
