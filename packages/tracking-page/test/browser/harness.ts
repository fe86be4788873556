/**
 * The tracking page served over real HTTP on loopback (the Node mount, the SQLite store) and a
 * Chromium driven by playwright-core. Chromium is Debian's package (`apt-get install chromium`),
 * never a browser download: without it the suite skips on a developer's machine and fails in CI.
 */
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import {
  createWismo,
  defineNotifier,
  type NotificationsOptions,
  type Shipment,
  type Wismo,
} from '@wismo/core'
import { sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { sqliteStore } from '@wismo/store-sqlite'
import { browserSuite, loopbackSite } from '@wismo/testing/browser'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { type TrackingPage, trackingPage } from '../../src/index.ts'
import type { Journey } from '../support.ts'

export type { Journey }
export const JOURNEYS: readonly Journey[] = ['delivered', 'failedAttempt', 'exception', 'returned', 'lost']

/** Generous: the CI machine is small and busy. Nothing asserts on time. */
export const TEST_TIMEOUT = 60_000
export const HOOK_TIMEOUT = 120_000

export const OUTPUT_DIR = new URL('./__output__/', import.meta.url).pathname
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const

const LINK_SECRET = 'browser-test-only-tracking-link-secret-0123'
const WEBHOOK_SECRET = 'whsec_ZGVtby1vbmx5LXNlY3JldC1mb3Itd2lzbW8tZGVtbw=='

const SUITE = browserSuite('tracking-page')
/** Skip (with the reason printed) only on a developer's machine; in CI a missing browser fails. */
export const SKIP_BROWSER = SUITE.skip

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(SUITE.launchOptions(HOOK_TIMEOUT))
}

/** A context that does not run scripts: the page must work without them. */
export async function noScriptContext(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false, locale: 'en-US' })
  context.setDefaultTimeout(TEST_TIMEOUT / 2)
  context.setDefaultNavigationTimeout(TEST_TIMEOUT / 2)
  return context
}

/** A notifier that accepts everything (the page only reads the notification settings). */
const inbox = defineNotifier({
  id: 'inbox',
  capabilities: { channels: ['email', 'sms'], idempotencyKeys: true, deliveryEvents: false },
  setup: () => ({ send: async () => ({ providerMessageId: crypto.randomUUID() }) }),
})

export interface BrowserWorld {
  /** `http://127.0.0.1:<port>` */
  origin: string
  wismo: Wismo
  page: TrackingPage
  /** Register an order with one sandbox parcel on `journey` and ingest its whole history. */
  order(id: string, journey: Journey, customer?: Customer): Promise<{ shipment: Shipment }>
  /** The order's signed link, as an absolute URL on the loopback server. */
  link(orderId: string): Promise<string>
  advance(ms: number): void
  close(): Promise<void>
}

type Customer = { email?: string; phone?: string; locale?: string }

/**
 * A Wismo on a fresh SQLite file with the sandbox carrier and signed links whose base URL is the
 * loopback server's, and the page mounted on that server. Close it with `close()`.
 */
export async function serveWorld(options: { notifications?: boolean } = {}): Promise<BrowserWorld> {
  const site = await loopbackSite('wismo-browser-')
  const origin = site.origin
  let time = new Date('2026-03-02T08:00:00Z')
  const clock = () => time
  const sandbox = sandboxCarrier({ seed: 7, webhookSecret: WEBHOOK_SECRET, clock })
  const wismo = createWismo({
    carriers: [sandbox],
    clock,
    store: sqliteStore({ path: join(site.dir, 'wismo.db') }),
    trackingLinks: { secret: LINK_SECRET, baseUrl: `${origin}/track` },
    ...(options.notifications ? { notifications: notificationOptions() } : {}),
  })
  const page = trackingPage(wismo, {
    shop: { name: 'Lumen Goods', colour: '#0b6e4f', supportEmail: 'help@lumen.example' },
  })
  site.mount(page.basePath, page.handle, { toWebRequest, sendWebResponse })

  async function order(id: string, journey: Journey, customer: Customer = {}) {
    await wismo.registerOrder({
      id,
      customer: { email: `${id.toLowerCase()}@example.com`, ...customer, timeZone: 'America/New_York' },
    })
    const sim = sandbox.simulator.ship({ scenario: journey })
    const { city, region, postal_code: postalCode, country } = sim.destination
    const shipment = await wismo.registerShipment({
      orderId: id,
      carrier: sandbox.id,
      trackingNumber: sim.trackingNumber,
      destination: { city, ...(region ? { region } : {}), ...(postalCode ? { postalCode } : {}), country },
    })
    // Messages arrive when the carrier sends them, and the clock follows: a scan far ahead of
    // "now" does not move the status.
    for (const d of [...sim.deliveries].sort((a, b) => a.deliverAt - b.deliverAt)) {
      if (d.deliverAt > time.getTime()) time = new Date(d.deliverAt)
      await wismo.ingest(d.update)
    }
    return { sim, shipment: (await wismo.getShipment(shipment.id)).shipment }
  }

  return {
    origin,
    wismo,
    page,
    order,
    link: (orderId: string) => wismo.trackingLink(orderId),
    advance: (ms: number) => {
      time = new Date(time.getTime() + ms)
    },
    close: () => site.close(wismo),
  }
}

function notificationOptions(): NotificationsOptions {
  const notifier = inbox()
  return {
    channels: { email: [notifier], sms: [notifier] },
    triggers: { out_for_delivery: ['sms'], delivered: ['email'], delayed: ['email', 'sms'] },
    shop: { name: 'Lumen Goods' },
  }
}
