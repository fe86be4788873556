/**
 * The shop end to end, with EasyPost replaced by msw at its HTTP boundary: ship an order (one
 * label bought, the shipment stored on the order), receive EasyPost's signed webhook over real
 * loopback HTTP through @wismo/mount-node, and ship the same order again (no second purchase).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Wismo } from '@wismo/core'
import { http, passthrough } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createShop, demoOrder, describeShipment, type ShopEnv, shipOrder, webhookServer } from '../shop.ts'
import { API_KEY, fakeEasypost, signedHeaders, WEBHOOK_SECRET } from './fake-easypost.ts'

/** Never contacted: msw answers every request to it. Loopback, so a slip could not leave the machine. */
const EASYPOST = 'http://127.0.0.1:8997'
const fake = fakeEasypost()
const msw = setupServer(http.all(`${EASYPOST}/*`, ({ request }) => fake.handle(request)))

const dir = mkdtempSync(join(tmpdir(), 'wismo-easypost-shop-'))
const env: ShopEnv = {
  EASYPOST_API_KEY: API_KEY,
  EASYPOST_WEBHOOK_SECRET: WEBHOOK_SECRET,
  EASYPOST_BASE_URL: EASYPOST,
  WISMO_DB: join(dir, 'shop.db'),
}
let wismo: Wismo
let server: Server
let shopUrl: string

beforeAll(async () => {
  msw.listen({ onUnhandledFrame: 'error' })
  wismo = createShop(env)
  server = webhookServer(wismo)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // The shop's own server is real: let the test's requests to it through.
  msw.use(http.all(`${shopUrl}/*`, () => passthrough()))
})
afterAll(async () => {
  msw.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await wismo.close()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => {
  fake.requests.length = 0
})

const postWebhook = async (body: string, secret = WEBHOOK_SECRET) =>
  fetch(`${shopUrl}/webhooks/easypost`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await signedHeaders(body, secret)) },
    body,
  })

describe('EasyPost shop', () => {
  it('ships an order, follows EasyPost’s signed webhook, and never buys the label twice', async () => {
    const order = demoOrder('A-1001')
    const first = await shipOrder(wismo, order)

    // One label bought: the cheapest rate, stored on the order with EasyPost's tracker id.
    expect(fake.purchases).toHaveLength(1)
    const [bought] = fake.purchases
    expect(first.created).toBe(true)
    expect(first.rate).toMatchObject({
      carrier: 'USPS',
      service: 'GroundAdvantage',
      amount: 5.93,
      currency: 'USD',
    })
    expect(first.label).toEqual({ url: bought?.labelUrl, format: 'PDF' })
    expect(first.shipment).toMatchObject({
      orderId: 'A-1001',
      carrier: 'easypost',
      trackingNumber: bought?.trackingCode,
      carrierShipmentId: bought?.trackerId,
    })
    expect(await wismo.listShipments('A-1001')).toHaveLength(1)
    expect(describeShipment(first)).toEqual([
      'order            A-1001',
      `tracking number  ${bought?.trackingCode}`,
      'rate             USPS GroundAdvantage 5.93 USD',
      `label            ${bought?.labelUrl} (PDF)`,
    ])

    // EasyPost posts tracker.updated to the shop over HTTP; a forged signature changes nothing.
    const body = fake.trackerUpdated(bought ?? expect.fail('a purchase was recorded'))
    expect((await postWebhook(body, 'not-the-secret')).status).toBe(401)
    expect((await wismo.getShipment(first.shipment.id)).shipment.status).not.toBe('in_transit')
    const pushed = await postWebhook(body)
    expect(pushed.status).toBe(200)
    const view = await wismo.getShipment(first.shipment.id)
    expect(view.shipment.status).toBe('in_transit')
    expect(view.timeline.map((e) => e.rawText)).toEqual([
      'Shipping Label Created',
      'Arrived at USPS Regional Facility',
    ])

    // Shipping the same order again answers the label already bought, without calling EasyPost.
    fake.requests.length = 0
    const again = await shipOrder(wismo, order)
    expect(again).toMatchObject({ created: false, label: first.label, rate: first.rate })
    expect(again.shipment.id).toBe(first.shipment.id)
    expect(fake.requests).toEqual([])
    expect(fake.purchases).toHaveLength(1)
    expect(fake.buyRequests()).toBe(0)
    expect(await wismo.listShipments('A-1001')).toHaveLength(1)
  })

  it('says which variable is missing, and refuses a production key unless asked', () => {
    expect(() => createShop({ ...env, EASYPOST_API_KEY: undefined })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/^EASYPOST_API_KEY is not set/),
      }),
    )
    expect(() => createShop({ ...env, EASYPOST_WEBHOOK_SECRET: ' ' })).toThrow(
      /EASYPOST_WEBHOOK_SECRET is not set/,
    )
    expect(() => createShop({ ...env, EASYPOST_API_KEY: 'EZAKlive000000000000000001' })).toThrow(
      /production key/,
    )
  })

  it('answers EasyPost’s refusal of the API key as CARRIER_AUTH_FAILED', async () => {
    const wrong = createShop({ ...env, EASYPOST_API_KEY: 'EZTKwrongkey00000000000001', WISMO_DB: ':memory:' })
    try {
      await expect(shipOrder(wrong, demoOrder('A-1002'))).rejects.toMatchObject({
        code: 'CARRIER_AUTH_FAILED',
      })
      expect(fake.buyRequests()).toBe(0)
    } finally {
      await wrong.close()
    }
  })
})
