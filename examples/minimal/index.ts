// Embedding Wismo in twenty lines: in-memory store, the sandbox carrier, one order, its timeline.
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo } from '@wismo/core'

export async function main(log: (line: string) => void = console.log) {
  let now = Date.parse('2026-11-23T09:00:00Z')
  const clock = () => new Date(now)
  const sandbox = sandboxCarrier({
    seed: 7,
    webhookSecret: 'whsec_ZXhhbXBsZS1vbmx5LXNlY3JldC1rZXktZm9yLXdpc21v',
    clock,
  })
  const wismo = createWismo({ carriers: [sandbox], clock })
  wismo.on('shipment.status_changed', ({ shipment, to }) => log(`${shipment.trackingNumber} is now ${to}`))

  await wismo.registerOrder({ id: 'A-1', customer: { email: 'ana@example.com', timeZone: 'Europe/Lisbon' } })
  const parcel = sandbox.simulator.ship({ scenario: 'delivered', at: clock() })
  const shipment = await wismo.registerShipment({ orderId: 'A-1', trackingNumber: parcel.trackingNumber })

  now += 10 * 24 * 3_600_000 // ten days later, replay every webhook the carrier sent
  for (const request of await sandbox.simulator.webhooksUntil(clock())) await wismo.webhooks.handle(request)
  return wismo.getShipment(shipment.id)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
