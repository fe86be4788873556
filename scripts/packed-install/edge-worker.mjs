// The program edge.mjs bundles for a browser-like platform and runs in @edge-runtime/vm: Wismo's
// core with the sandbox carrier and the in-memory store, Web APIs only. It is a service worker:
// `GET /run` tracks one sandbox shipment through the webhook handler (signing and verifying with
// the isolate's Web Crypto) and answers a JSON summary; `POST /webhooks/sandbox` is the handler.
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo } from '@wismo/core'

const DAY_MS = 24 * 3_600_000
let now = new Date('2026-11-23T09:00:00Z')
const clock = () => now
const sandbox = sandboxCarrier({ seed: 5, webhookSecret: globalThis.SANDBOX_WEBHOOK_SECRET, clock })
const wismo = createWismo({ carriers: [sandbox], clock })

async function deliverDue() {
  const answers = []
  for (const request of await sandbox.simulator.webhooksUntil(now))
    answers.push((await wismo.webhooks.handle(request)).status)
  return answers
}

async function run() {
  await wismo.registerOrder({ id: 'E-1', customer: { email: 'eve@example.com' } })
  const parcel = sandbox.simulator.ship({ scenario: 'delivered', at: now })
  const { id } = await wismo.registerShipment({ orderId: 'E-1', trackingNumber: parcel.trackingNumber })
  now = new Date(now.getTime() + DAY_MS)
  const answers = await deliverDue()
  const eta = (await wismo.getShipment(id)).shipment.eta?.best ?? null
  now = new Date(now.getTime() + 14 * DAY_MS)
  answers.push(...(await deliverDue()))
  const { shipment, timeline } = await wismo.getShipment(id)
  return {
    trackingNumber: parcel.trackingNumber,
    answers,
    eta,
    status: shipment.status,
    scans: timeline.length,
  }
}

async function route(request) {
  const { pathname } = new URL(request.url)
  if (pathname === '/run') return Response.json(await run())
  if (pathname === '/webhooks/sandbox') return wismo.webhooks.handle(request, { carrier: 'sandbox' })
  return new Response('not found', { status: 404 })
}

addEventListener('fetch', (event) => event.respondWith(route(event.request)))
