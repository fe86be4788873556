import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { generateStandardWebhookSecret, signStandardWebhook } from '@wismo/core'
import { sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { testMount } from '@wismo/testing/mount'
import { describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { createExampleWismo } from './wismo.ts'

const current = generateStandardWebhookSecret()
const previous = generateStandardWebhookSecret()

function setup() {
  const wismo = createExampleWismo({ ACME_WEBHOOK_SECRETS: `${current}, ${previous}` })
  return { wismo, app: createApp(wismo) }
}

let sequence = 0
async function acmePost(body: string, secret = current, path = '/webhooks/acme') {
  const headers = await signStandardWebhook({ secret, id: `msg_hono_${++sequence}`, body })
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}
const scan = (n: string, code = 'DEP') =>
  `{"tracking_number":"${n}","scan":{"id":"${n}-${code}","code":"${code}","description":"Départ – Lyon","time":"2026-03-01T10:00:00+01:00"},"weight_kg":2.50}`

describe('Hono example: app.request()', () => {
  it('verifies the exact bytes, stores the scan and answers 200', async () => {
    const { wismo, app } = setup()
    const res = await app.request(await acmePost(scan('AC1')))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, updates: 1, newEvents: 1 })
    const view = await wismo.findShipment('acme', 'AC1')
    expect(view?.shipment.status).toBe('in_transit')
    expect(view?.timeline[0]?.rawText).toBe('Départ – Lyon')
  })

  it('accepts the previous secret during a rotation and refuses an unknown one', async () => {
    const { wismo, app } = setup()
    expect((await app.request(await acmePost(scan('AC2'), previous))).status).toBe(200)
    expect((await app.request(await acmePost(scan('AC3'), generateStandardWebhookSecret()))).status).toBe(401)
    expect(await wismo.findShipment('acme', 'AC3')).toBeNull()
  })

  it('answers 405 to GET, 404 to an unknown carrier, 422 to an unknown scan code', async () => {
    const { app } = setup()
    const get = await app.request('/webhooks/acme')
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect((await app.request(await acmePost(scan('AC4'), current, '/webhooks/other'))).status).toBe(404)
    expect((await app.request(await acmePost(scan('AC5', 'ZZZ')))).status).toBe(422)
  })
})

// Hono over real HTTP on Node, bridged by @wismo/mount-node (what @hono/node-server does in production).
testMount({
  name: 'hono (served through @wismo/mount-node)',
  start: async (wismo) => {
    const app = createApp(wismo)
    const server = createServer((req, res) => {
      Promise.resolve()
        .then(() => app.fetch(toWebRequest(req)))
        .then((response) => sendWebResponse(res, response))
        .catch(() => res.destroy())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
      close: async () => {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      },
    }
  },
})
