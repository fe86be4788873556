/**
 * The aggregators' real webhook bodies, signed as each vendor signs them, POSTed over loopback HTTP
 * through `nodeWebhookListener`: verified on the raw bytes, stored, and a tampered copy refused.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { aftershipCarrier } from '@wismo/carrier-aftership'
import { easypostCarrier } from '@wismo/carrier-easypost'
import { shippoCarrier } from '@wismo/carrier-shippo'
import {
  type Carrier,
  createWismo,
  HMAC_HEADER_PRESETS,
  signHmacHeader,
  signTimestampedHmac,
} from '@wismo/core'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeWebhookListener } from '../src/index.ts'

/** A fixture the adapter package keeps (copied from ../shared/data with its licence, MIT). */
const fixture = (pkg: string, path: string) =>
  readFileSync(new URL(`../../carrier-${pkg}/test/fixtures/${path}`, import.meta.url))

let server: Server | null = null
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(null))
  server = null
})

async function serve(carrier: Carrier) {
  // The bodies are for parcels this test never registered: keep them to look at them.
  const wismo = createWismo({ carriers: [carrier], unknownShipments: 'create' })
  server = createServer(nodeWebhookListener(wismo))
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return { wismo, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/${carrier.id}` }
}

const post = (url: string, body: Uint8Array, headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/json', ...headers },
  })

/** The same JSON with one byte more (a space before the last brace): any change must fail the signature. */
function tampered(body: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(body)
  const last = text.lastIndexOf('}')
  return new TextEncoder().encode(`${text.slice(0, last)} ${text.slice(last)}`)
}

describe('aggregator webhooks through @wismo/mount-node', () => {
  it('EasyPost: its own signed sample (X-Hmac-Signature, NFKD secret) verifies and is stored', async () => {
    // EasyPost's client-library test vector: this body, secret "sécret", and the header EasyPost computed.
    const raw = fixture('easypost', 'examples/event-body.json')
    const body = raw.subarray(0, raw.at(-1) === 0x0a ? raw.length - 1 : raw.length)
    const header = 'hmac-sha256-hex=38f3f53c103713df81616a0a186d77141957323ec21d5fe9363db93840f527db'
    const { wismo, url } = await serve(
      easypostCarrier({ apiKey: 'EZTK_test_key_0000000000', webhookSecret: 'sécret' }),
    )
    expect((await post(url, body, { 'X-Hmac-Signature': header })).status).toBe(200)
    expect((await wismo.findShipment('easypost', '1'))?.shipment.status).toBe('in_transit')
    expect((await post(url, tampered(body), { 'X-Hmac-Signature': header })).status).toBe(401)
  })

  it('AfterShip: a real tracking_update body signed with aftership-hmac-sha256 verifies and is stored', async () => {
    const body = fixture('aftership', 'hookdeck/tracking_update.trimmed-doc-sample.json')
    const secret = 'aftership-webhook-secret-0001'
    const headers = await signHmacHeader(HMAC_HEADER_PRESETS.aftership, { secret, body })
    const { wismo, url } = await serve(
      aftershipCarrier({ apiKey: 'asat_test_key_000000000000', webhookSecret: secret }),
    )
    const answer = await post(url, body, headers)
    expect(answer.status).toBe(200)
    const number = JSON.parse(new TextDecoder().decode(body)).msg.tracking_number as string
    expect((await wismo.findShipment('aftership', number))?.timeline.length).toBeGreaterThan(0)
    expect((await post(url, tampered(body), headers)).status).toBe(401)
  })

  it('Shippo: the spec’s track_updated example with the URL token and the t=,v1= HMAC verifies and is stored', async () => {
    const body = fixture('shippo', 'WebhookPayloadTrack.schema-example.json')
    const urlToken = 'shippo-url-token-0123456789'
    const hmacSecret = 'shippo-hmac-secret-0123456789'
    const { wismo, url } = await serve(
      shippoCarrier({
        apiKey: 'shippo_test_0000000000000000',
        webhook: { urlTokens: [urlToken], hmacSecrets: [hmacSecret] },
      }),
    )
    const signed = async (bytes: Uint8Array) => ({
      'Shippo-Auth-Signature': await signTimestampedHmac({ secret: hmacSecret, body: bytes }),
    })
    expect((await post(`${url}?token=${urlToken}`, body, await signed(body))).status).toBe(200)
    const number = JSON.parse(new TextDecoder().decode(body)).data.tracking_number as string
    expect(await wismo.findShipment('shippo', number)).not.toBeNull()
    expect((await post(`${url}?token=wrong-token-0123456789`, body, await signed(body))).status).toBe(401)
    expect((await post(`${url}?token=${urlToken}`, tampered(body), await signed(body))).status).toBe(401)
  })
})
