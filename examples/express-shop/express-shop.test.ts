import { randomBytes } from 'node:crypto'
import { statusWords } from '@wismo/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createShop, type Shop } from './app.ts'
import { testDatabase } from './test/database.ts'
import { mailbox } from './test/mailbox.ts'

const PUBLIC_URL = 'https://lumen.test' // the shop's public address; the test reaches it on loopback
const CUSTOMERS = [
  { orderId: 'A-1001', email: 'ana@example.com', name: 'Ana Souza' },
  { orderId: 'A-1002', email: 'sam@example.com', name: 'Sam Carter' },
]
const ADDRESS = {
  street1: '1600 Glenarm Pl',
  city: 'Denver',
  region: 'CO',
  postalCode: '80249',
  country: 'US',
}
const WAIT = { timeout: 90_000, interval: 100 }

let db: Awaited<ReturnType<typeof testDatabase>>
let mail: Awaited<ReturnType<typeof mailbox>>
let reader: pg.Pool
let shop: Shop
let url: string
/** What the shop's own systems were told (`dispatch`): `orderId → status` per change. */
const told: string[] = []

beforeAll(async () => {
  db = await testDatabase()
  console.log(`express-shop on ${db.name}`)
  reader = new pg.Pool({ connectionString: db.url, max: 1 })
  await reader.query('DROP SCHEMA IF EXISTS shop CASCADE')
  mail = await mailbox()
  shop = createShop({
    databaseUrl: db.url,
    smtp: { host: '127.0.0.1', port: mail.port },
    publicUrl: PUBLIC_URL,
    linkSecret: randomBytes(32).toString('base64url'),
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
    port: 0,
    host: '127.0.0.1',
    // Short cadences and no burst window, so the test does not wait minutes for the e-mails.
    runtime: { workerId: 'shop-test', every: { notify: 50, dispatch: 50 } },
    burstWindowMs: 0,
    // Labels are bought two weeks back on the carrier's clock, so every scan of the journeys has
    // happened by now (Wismo does not let a scan far in the future set a status).
    dispatch: async (row) => {
      if (row.topic === 'shipment.status_changed') told.push(`${row.payload.orderId} ${row.payload.to}`)
    },
    carrierClock: () => new Date(Date.now() - 14 * 86_400_000),
  })
  ;({ url } = await shop.start())
}, 120_000)

afterAll(async () => {
  await shop?.stop()
  await reader?.query('DROP SCHEMA IF EXISTS shop CASCADE')
  await reader?.end()
  await mail?.close()
  await db?.close()
}, 120_000)

/** A tracking link as the customer got it, fetched from this server instead of the public host. */
const local = (link: string) => `${url}${new URL(link).pathname}`

describe('express-shop', () => {
  it('answers an order it cannot ship with a coded error in JSON', async () => {
    const post = (body: string) =>
      fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const missing = await post(JSON.stringify({ orderId: 'A-9' }))
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } })
    const garbled = await post('{"orderId":')
    expect(garbled.status).toBe(400)
    expect(await garbled.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } })
    const nowhere = await post(
      JSON.stringify({ ...CUSTOMERS[0], orderId: 'A-9', address: { ...ADDRESS, country: 'not a country' } }),
    )
    expect(nowhere.status).toBe(400)
    expect(await nowhere.json()).toMatchObject({
      error: { code: 'INPUT_INVALID', message: expect.stringMatching(/to\.country/) },
    })
  })

  it('ships two orders, takes the carrier’s webhooks, e-mails each customer a link to a page that says delivered, and stops with no lease held', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    shop.sandbox.simulator.forceScenarios('delivered', 'delivered')
    const links: string[] = []
    const numbers: string[] = []
    for (const customer of CUSTOMERS) {
      const response = await fetch(`${url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...customer, address: ADDRESS }),
      })
      expect(response.status).toBe(201)
      const body = (await response.json()) as { trackingNumber: string; trackingUrl: string }
      expect(body.trackingNumber).toMatch(/^SBX\d{11}$/)
      expect(body.trackingUrl).toMatch(new RegExp(`^${PUBLIC_URL}/track/o/`))
      links.push(body.trackingUrl)
      numbers.push(body.trackingNumber)
    }
    // A retried order (a double click, a queue retry) gets the label it already has.
    const again = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...CUSTOMERS[0], address: ADDRESS }),
    })
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ trackingNumber: numbers[0] })

    // The carrier's whole journeys, signed on its clock, posted to the shop as the carrier would.
    const requests = await shop.sandbox.simulator.webhooksUntil(new Date())
    expect(requests.length).toBeGreaterThan(CUSTOMERS.length)
    const [first] = requests
    const forged = await fetch(`${url}/webhooks/sandbox`, {
      method: 'POST',
      headers: {
        ...Object.fromEntries(first?.headers ?? []),
        'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
      },
      body: await first?.clone().text(),
    })
    expect(forged.status).toBe(401)
    expect(JSON.stringify(await forged.json())).toContain('WEBHOOK_INVALID_SIGNATURE')
    for (const request of requests) {
      const response = await fetch(`${url}/webhooks/sandbox`, {
        method: 'POST',
        headers: request.headers,
        body: await request.text(),
      })
      expect(response.status).toBe(200)
    }

    // wismo.start() sends the e-mails: each customer gets "delivered" with the signed link.
    const delivered = await vi.waitFor(() => {
      const found = CUSTOMERS.map((c) =>
        mail.received.find((m) => m.to === c.email && m.trigger === 'delivered'),
      )
      if (found.some((m) => !m))
        throw new Error(
          `not all delivered yet: ${JSON.stringify(mail.received.map((m) => [m.to, m.trigger]))}`,
        )
      return found.flatMap((m) => (m ? [m] : []))
    }, WAIT)
    for (const message of delivered) {
      const link = /https:\/\/lumen\.test\/track\/o\/[^\s#"<>)\]]+/.exec(message.text)?.[0]
      expect(link, message.text).toBeDefined()
      const page = await fetch(local(link ?? ''))
      expect(page.status).toBe(200)
      expect(await page.text()).toContain(statusWords('delivered', 'en'))
    }
    // The link the shop's API answered opens the same page.
    for (const link of links) expect((await fetch(local(link))).status).toBe(200)
    // Each milestone at most once per customer, however the webhooks were batched.
    const keys = mail.received.map((m) => `${m.to} ${m.trigger}`)
    expect(new Set(keys).size).toBe(keys.length)

    // The shop's own systems heard of both deliveries (dispatch), so nothing waits for them.
    await vi.waitFor(
      () => expect(told).toEqual(expect.arrayContaining(['A-1001 delivered', 'A-1002 delivered'])),
      WAIT,
    )
    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    const { drained } = await shop.stop({ timeoutMs: 10_000 })
    expect(drained).toBe(true)
    const held = await reader.query<{ n: string }>(
      "SELECT count(*) AS n FROM shop.outbox WHERE state = 'pending' AND lease_owner IS NOT NULL",
    )
    expect(Number(held.rows[0]?.n)).toBe(0)
  }, 120_000)
})
