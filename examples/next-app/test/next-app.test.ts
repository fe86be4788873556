import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, statusWords } from '@wismo/core'
import { sqliteStore } from '@wismo/store-sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NextServer, nextBuild, nextStart } from './next-server.ts'

const PUBLIC_URL = 'https://lumen.test' // the app's public address; the test reaches it on loopback
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`
const API_TOKEN = randomBytes(24).toString('base64url')
const folder = mkdtempSync(join(tmpdir(), 'wismo-next-app-'))
const database = join(folder, 'wismo.sqlite')

let server: NextServer

// `next build` compiles the app and every Wismo package from source: minutes on a busy 2-core machine.
beforeAll(async () => {
  await nextBuild()
  server = await nextStart(
    {
      SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WISMO_LINK_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_URL,
      SHOP_API_TOKEN: API_TOKEN,
      WISMO_SQLITE_PATH: database,
      NEXT_MANUAL_SIG_HANDLE: 'true',
    },
    '/readyz',
  )
}, 900_000)

afterAll(async () => {
  await server?.stop()
  rmSync(folder, { recursive: true, force: true })
}, 60_000)

/** The carrier's side: a sandbox with the app's webhook secret, its journey two weeks old. */
function deliveredParcel(seed: number) {
  const carrier = sandboxCarrier({ seed, webhookSecret: WEBHOOK_SECRET })
  const now = new Date()
  const { trackingNumber } = carrier.simulator.ship({
    scenario: 'delivered',
    at: new Date(now.getTime() - 14 * 86_400_000),
  })
  return { trackingNumber, webhooks: () => carrier.simulator.webhooksUntil(now, { sentAt: now }) }
}

const post = (path: string, init: { headers?: HeadersInit; body: string }) =>
  fetch(`${server.url}${path}`, { method: 'POST', ...init })

const registerOrder = (body: unknown, token = API_TOKEN) =>
  post('/api/orders', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('examples/next-app under next build + next start', { timeout: 120_000 }, () => {
  it('serves the home page with a way to the tracking page', async () => {
    const response = await fetch(server.url)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Lumen Goods')
    expect(html).toContain('href="/track"')
    const lookup = await fetch(`${server.url}/track`)
    expect(lookup.status).toBe(200)
    // The page's own headers come through Next untouched: no script may run on it.
    const policy = lookup.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("default-src 'none'")
    expect(policy).not.toContain('script-src')
  })

  it('takes signed webhooks and shows the customer a page that says delivered', async () => {
    const parcel = deliveredParcel(1)
    expect((await registerOrder({ orderId: 'A-1001' }, 'not-the-token')).status).toBe(401)
    const missing = await registerOrder({ orderId: 'A-1001' })
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } })
    const registered = await registerOrder({
      orderId: 'A-1001',
      email: 'ana@example.com',
      trackingNumber: parcel.trackingNumber,
    })
    expect(registered.status).toBe(201)
    const { trackingUrl } = (await registered.json()) as { trackingUrl: string }
    expect(trackingUrl).toMatch(new RegExp(`^${PUBLIC_URL}/track/o/`))

    const requests = await parcel.webhooks()
    expect(requests.length).toBeGreaterThan(2)
    const [first] = requests
    const body = (await first?.clone().text()) ?? ''
    const forged = await post('/api/webhooks/sandbox', {
      headers: { ...Object.fromEntries(first?.headers ?? []), 'webhook-signature': 'v1,AAAA' },
      body,
    })
    expect(forged.status).toBe(401)
    expect(await forged.json()).toMatchObject({ error: 'WEBHOOK_INVALID_SIGNATURE' })
    const unknown = await post('/api/webhooks/ups', { headers: first?.headers ?? {}, body })
    expect(unknown.status).toBe(404)
    for (const request of requests) {
      const response = await post('/api/webhooks/sandbox', {
        headers: request.headers,
        body: await request.text(),
      })
      expect(response.status, await response.clone().text()).toBe(200)
    }

    // The customer's link, opened on this server instead of the public host.
    const page = `${server.url}${new URL(trackingUrl).pathname}`
    const json = await fetch(`${page}/json`)
    expect(json.status).toBe(200)
    expect(await json.json()).toMatchObject({
      order: { id: 'A-1001' },
      shipments: [{ trackingNumber: parcel.trackingNumber, status: 'delivered' }],
    })
    const html = await fetch(page)
    expect(html.status).toBe(200)
    expect(await html.text()).toContain(statusWords('delivered', 'en'))
  })

  it('stops on SIGTERM with the workers stopped and the store closed, the shipment kept in the file', async () => {
    const { trackingNumber, webhooks } = deliveredParcel(2)
    for (const request of await webhooks())
      await post('/api/webhooks/sandbox', { headers: request.headers, body: await request.text() })
    expect(await server.stop()).toBe(0)
    expect(server.output()).toMatch(/wismo: SIGTERM: stopped \{ drained: true/)

    const reader = createWismo({
      store: sqliteStore({ path: database }),
      carriers: [sandboxCarrier({ seed: 3, webhookSecret: WEBHOOK_SECRET })],
    })
    try {
      const view = await reader.findShipment('sandbox', trackingNumber)
      expect(view?.shipment.status).toBe('delivered')
    } finally {
      await reader.stop()
    }
  })
})
