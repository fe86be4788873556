// Runs inside the fresh project, on the Node under test, with only what npm installed there.
// Usage: node smoke.mjs <package names, comma-separated>. Prints one JSON summary line.
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo } from '@wismo/core'
import { sqliteStore } from '@wismo/store-sqlite'

const DAY_MS = 24 * 3_600_000

/** Every package's main entry loads: its files, exports map and dependencies are all there. */
async function importAll(names) {
  const failed = []
  for (const name of names) await import(name).catch((e) => failed.push(`${name}: ${e.message}`))
  if (failed.length > 0) throw new Error(`could not import:\n  ${failed.join('\n  ')}`)
  return names.length
}

/** Posts every sandbox webhook due by now through the handler; each must be acknowledged. */
async function deliverDue(wismo, sandbox, now) {
  const requests = await sandbox.simulator.webhooksUntil(now)
  for (const request of requests) {
    const response = await wismo.webhooks.handle(request)
    if (response.status !== 200)
      throw new Error(`webhook answered ${response.status}: ${await response.text()}`)
  }
  return requests.length
}

/** A forged copy of a signed request (body changed after signing) must be refused. */
async function refusesForgery(wismo, sandbox, now) {
  const parcel = sandbox.simulator.ship({ scenario: 'delivered', at: new Date(now.getTime() - DAY_MS) })
  const [request] = await sandbox.simulator.webhooksUntil(now)
  if (!request) throw new Error(`no webhook for ${parcel.trackingNumber}`)
  const body = (await request.text()).replace(parcel.trackingNumber, 'SBX00000000000')
  const forged = new Request(request.url, { method: 'POST', headers: request.headers, body })
  return (await wismo.webhooks.handle(forged)).status
}

async function track(dir) {
  let now = new Date('2026-11-23T09:00:00Z')
  const clock = () => now
  const secret = 'whsec_cGFja2VkLWluc3RhbGwtY2hlY2stc2VjcmV0LWtleQ=='
  const sandbox = sandboxCarrier({ seed: 11, webhookSecret: secret, clock, duplicateRate: 0.2 })
  const store = sqliteStore({ path: join(dir, 'wismo.db') })
  const wismo = createWismo({ store, carriers: [sandbox], clock })
  await wismo.registerOrder({ id: 'P-1', customer: { email: 'pat@example.com', timeZone: 'Europe/Berlin' } })
  const parcel = sandbox.simulator.ship({ scenario: 'delivered', at: now })
  const { id } = await wismo.registerShipment({ orderId: 'P-1', trackingNumber: parcel.trackingNumber })
  now = new Date(now.getTime() + DAY_MS)
  let webhooks = await deliverDue(wismo, sandbox, now)
  const moving = (await wismo.getShipment(id)).shipment
  if (!moving.eta?.best) throw new Error(`no ETA after the first scans (status ${moving.status})`)
  now = new Date(now.getTime() + 14 * DAY_MS)
  webhooks += await deliverDue(wismo, sandbox, now)
  const { shipment, timeline } = await wismo.getShipment(id)
  const forgery = await refusesForgery(wismo, sandbox, now)
  await wismo.stop({ timeoutMs: 5_000 })
  if (shipment.status !== 'delivered') throw new Error(`ended ${shipment.status}, expected delivered`)
  if (forgery !== 401) throw new Error(`a forged webhook answered ${forgery}, expected 401`)
  const eta = `${moving.eta.best.date} (${moving.eta.best.source})`
  return {
    trackingNumber: parcel.trackingNumber,
    status: shipment.status,
    scans: timeline.length,
    webhooks,
    eta,
  }
}

const names = (process.argv[2] ?? '').split(',').filter(Boolean)
const imported = await importAll(names)
const tracked = await track(process.cwd())
console.log(JSON.stringify({ node: process.version, imported, ...tracked }))
