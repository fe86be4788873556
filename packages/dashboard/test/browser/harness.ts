/**
 * The dashboard served over real HTTP on loopback (the Node mount, the SQLite store), filled by
 * sandbox journeys delivered as signed webhooks, and a Chromium driven by playwright-core.
 * Chromium is Debian's package (`apt-get install chromium`), never a download: without it the
 * suite skips on a developer's machine and fails in CI.
 */
import { join } from 'node:path'
import { type SandboxCarrier, type ScenarioName, sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, defineNotifier, type Shipment, type Wismo, WismoError } from '@wismo/core'
import { sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { sqliteStore } from '@wismo/store-sqlite'
import { browserSuite, loopbackSite } from '@wismo/testing/browser'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { type OpsDashboard, opsDashboard } from '../../src/index.ts'

/** Generous: the CI machine is small and busy. Nothing asserts on time. */
export const TEST_TIMEOUT = 60_000
export const HOOK_TIMEOUT = 180_000
export const OUTPUT_DIR = new URL('./__output__/', import.meta.url).pathname
export const DESKTOP = { width: 1280, height: 900 }
/** What a signed-in staff browser sends (headless Chromium cannot answer a Basic challenge by hand). */
export const STAFF_HEADERS = { authorization: 'Bearer browser-test-only-ops-token' }

const WEBHOOK_SECRET = 'whsec_ZGVtby1vbmx5LXNlY3JldC1mb3Itd2lzbW8tZGVtbw=='

const SUITE = browserSuite('dashboard')
/** Skip (with the reason printed) only on a developer's machine; in CI a missing browser fails. */
export const SKIP_BROWSER = SUITE.skip

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(SUITE.launchOptions(HOOK_TIMEOUT))
}

/** A context without scripts (the pages have none), signed in as staff unless `signedIn` is false. */
export async function staffContext(browser: Browser, signedIn = true): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    javaScriptEnabled: false,
    ...(signedIn ? { extraHTTPHeaders: STAFF_HEADERS } : {}),
  })
  context.setDefaultTimeout(TEST_TIMEOUT / 2)
  return context
}

/** Accepts every message except those to a `bounce…` address, which it refuses for good. */
const inbox = defineNotifier({
  id: 'inbox',
  capabilities: { channels: ['email'], idempotencyKeys: true, deliveryEvents: false },
  setup: () => ({
    send: async (message) => {
      if (message.to.startsWith('bounce'))
        throw new WismoError('NOTIFY_REQUEST_REJECTED', 'mailbox unavailable (550)')
      return { providerMessageId: `msg-${crypto.randomUUID()}` }
    },
  }),
})

export interface Placed {
  orderId: string
  email: string
  shipment: Shipment
  /** The webhook bodies the carrier sent for it (duplicates included). */
  bodies: string[]
}

export interface World {
  origin: string
  wismo: Wismo
  dashboard: OpsDashboard
  sandbox: SandboxCarrier
  order(input: {
    id: string
    scenario: ScenarioName
    lane: string
    promised?: string
    email?: string
  }): Promise<Placed>
  close(): Promise<void>
}

/** Wismo on a fresh SQLite file with the sandbox carrier and e-mail notifications; the dashboard on a loopback server. */
export async function serveWorld(): Promise<World> {
  const site = await loopbackSite('wismo-dashboard-')
  const origin = site.origin
  let time = new Date('2026-03-02T08:00:00Z')
  const clock = () => time
  const sandbox = sandboxCarrier({ seed: 11, webhookSecret: WEBHOOK_SECRET, clock })
  const wismo = createWismo({
    carriers: [sandbox],
    clock,
    store: sqliteStore({ path: join(site.dir, 'wismo.db') }),
    notifications: {
      channels: { email: [inbox()] },
      triggers: { out_for_delivery: ['email'], delivered: ['email'], exception: ['email'] },
      shop: { name: 'Lumen Goods' },
      burstWindowMs: 0,
      trackingUrl: ({ orderId }: { orderId: string }) => `${origin}/track/${orderId}`,
    },
  })
  const dashboard = opsDashboard(wismo, {
    challenge: 'Bearer realm="ops"',
    authorize: (request) =>
      request.headers.get('authorization') === STAFF_HEADERS.authorization ? { name: 'Sam (support)' } : null,
  })
  site.mount(dashboard.basePath, (request) => dashboard.handle(request), { toWebRequest, sendWebResponse })

  async function order(input: {
    id: string
    scenario: ScenarioName
    lane: string
    promised?: string
    email?: string
  }) {
    const email = input.email ?? `${input.id.toLowerCase()}@example.com`
    await wismo.registerOrder({ id: input.id, customer: { name: `Customer ${input.id}`, email } })
    const sim = sandbox.simulator.ship({ scenario: input.scenario, lane: input.lane })
    const place = (p: typeof sim.origin) => ({
      city: p.city,
      ...(p.region ? { region: p.region } : {}),
      country: p.country,
    })
    const registered = await wismo.registerShipment({
      orderId: input.id,
      carrier: sandbox.id,
      trackingNumber: sim.trackingNumber,
      origin: place(sim.origin),
      destination: place(sim.destination),
      ...(input.promised ? { promisedDate: input.promised } : {}),
    })
    const bodies: string[] = []
    for (const d of [...sim.deliveries].sort((a, b) => a.deliverAt - b.deliverAt)) {
      if (d.deliverAt > time.getTime()) time = new Date(d.deliverAt)
      const response = await wismo.webhooks.handle(await sandbox.simulator.toRequest(d))
      if (!response.ok) throw new Error(`webhook answered ${response.status}`)
      bodies.push(d.body)
      await wismo.workers.notify({ workerId: 'browser-test', limit: 50 })
    }
    return { orderId: input.id, email, bodies, shipment: (await wismo.getShipment(registered.id)).shipment }
  }

  return {
    origin,
    wismo,
    dashboard,
    sandbox,
    order,
    close: () => site.close(wismo),
  }
}
