/**
 * The crash proof, with a real process kill. The shop's own CLI (`index.ts ship`) runs in a child
 * process on a SQLite file, against a fake EasyPost served over loopback by this test process (a
 * real node:http server: msw cannot reach another process). When the purchase arrives, the fake
 * records it and SIGKILLs the child before answering: EasyPost sold a label, the shop never
 * heard. Rerunning the same shipment must take that label, not buy a second one.
 *
 * No timing assertions: the clocks given to the rerun are derived from when the fake saw the
 * child's requests, so a slow machine changes nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LABEL_LEASE_MS } from '@wismo/core'
import { sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createShop, demoOrder, type ShopEnv, shipOrder } from '../shop.ts'
import { API_KEY, fakeEasypost, WEBHOOK_SECRET } from './fake-easypost.ts'

const CLI = fileURLToPath(new URL('../index.ts', import.meta.url))
const ORDER = 'A-2001'

let child: ChildProcess | undefined
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined

const fake = fakeEasypost({
  // The purchase is recorded; the buyer dies before the answer leaves.
  onBuy: async () => {
    child?.kill('SIGKILL')
    await exited
  },
})
const api = createServer((req, res) => {
  fake
    .handle(toWebRequest(req))
    .then((response) => sendWebResponse(res, response))
    .catch(() => res.destroy())
})
const dir = mkdtempSync(join(tmpdir(), 'wismo-easypost-crash-'))
let env: ShopEnv

beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
  env = {
    EASYPOST_API_KEY: API_KEY,
    EASYPOST_WEBHOOK_SECRET: WEBHOOK_SECRET,
    EASYPOST_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    WISMO_DB: join(dir, 'shop.db'),
  }
})
afterAll(async () => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  api.closeAllConnections()
  await new Promise((resolve) => api.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** Run `index.ts ship ORDER` in a node process of its own, as a developer would. */
function shipInChild(): { output: () => string } {
  let output = ''
  const proc = spawn(process.execPath, ['--conditions=@wismo/source', CLI, 'ship', ORDER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout.on('data', (chunk) => {
    output += chunk
  })
  proc.stderr.on('data', (chunk) => {
    output += chunk
  })
  exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })))
  child = proc
  return { output: () => output }
}

it('a shop process killed while EasyPost sells its label: the rerun recovers that label, one purchase in all', async () => {
  const run = shipInChild()
  const { signal } = (await exited) ?? expect.fail('the child started')
  // Killed at the purchase, not failed before it (the output says why if it did).
  expect(signal, run.output()).toBe('SIGKILL')
  expect(run.output()).not.toMatch(/tracking number/)
  expect(fake.purchases).toHaveLength(1)
  const [bought] = fake.purchases
  if (!bought) return expect.fail('a purchase was recorded')
  expect(fake.requests).toEqual(['POST /v2/shipments', `POST /v2/shipments/${bought.shipmentId}/buy`])
  const quotedAt = fake.arrivals[0] ?? expect.fail('the quote arrived')

  // The same shipment, from this process, on the same SQLite file.
  let now = quotedAt
  const wismo = createShop(env, { clock: () => new Date(now) })
  try {
    fake.requests.length = 0

    // Inside the dead process's lease (the quote arrived after its claim): nobody may buy yet.
    await expect(shipOrder(wismo, demoOrder(ORDER))).rejects.toMatchObject({
      code: 'SHIPMENT_CREATE_IN_PROGRESS',
      retryable: true,
      details: { orderId: ORDER, state: 'quoted' },
    })
    expect(fake.requests).toEqual([])

    // Past the lease (it began before the purchase arrived): the rerun asks EasyPost what the
    // quote bought and takes that label.
    now = bought.at + LABEL_LEASE_MS + 1000
    const recovered = await shipOrder(wismo, demoOrder(ORDER))
    expect(fake.requests).toContain(`GET /v2/shipments/${bought.shipmentId}`)
    expect(fake.buyRequests()).toBe(0)
    expect(fake.purchases).toHaveLength(1)
    expect(recovered.created).toBe(true)
    expect(recovered.label).toEqual({ url: bought.labelUrl, format: 'PDF' })
    expect(recovered.rate).toMatchObject({ service: 'GroundAdvantage', amount: 5.93 })
    expect(recovered.shipment).toMatchObject({
      orderId: ORDER,
      carrier: 'easypost',
      trackingNumber: bought.trackingCode,
      carrierShipmentId: bought.trackerId,
    })
    expect(await wismo.listShipments(ORDER)).toHaveLength(1)

    // And from then on, the finished request answers without EasyPost.
    fake.requests.length = 0
    const again = await shipOrder(wismo, demoOrder(ORDER))
    expect(again).toMatchObject({ created: false, label: recovered.label })
    expect(again.shipment.id).toBe(recovered.shipment.id)
    expect(fake.requests).toEqual([])
    expect(fake.purchases).toHaveLength(1)
  } finally {
    await wismo.close()
  }
}, 120_000)
