import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookNotifier } from '../src/index.ts'
import { type Receiver, startReceiver } from './receiver.ts'

// A self-signed certificate for 127.0.0.1/localhost, made for these tests only (see fixtures/SOURCE.md).
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
const TLS = { key: fixture('loopback-key.pem'), cert: fixture('loopback-cert.pem') }
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver([SECRET], TLS)
})
afterAll(() => receiver.close())

const message = () => ({
  idempotencyKey: 'notif_tls_1',
  channel: 'webhook' as const,
  to: `${receiver.url}/hooks`,
  text: 'Delivered',
  type: 'shipment.delivered',
})

describe('https receivers', () => {
  it('an untrusted certificate fails the delivery (certificates are always verified)', async () => {
    const error = await webhookNotifier({ secret: SECRET, allowPrivateNetworks: true })
      .send(message())
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOTIFY_NETWORK_ERROR' })
    expect(receiver.received).toHaveLength(0)
  })

  it('`ca` adds a trust anchor (an internal CA): the signed message arrives over TLS', async () => {
    const hooks = webhookNotifier({ secret: SECRET, allowPrivateNetworks: true, ca: TLS.cert })
    await expect(hooks.send(message())).resolves.toEqual({ providerMessageId: 'notif_tls_1' })
    expect(receiver.last()?.verifiedBy).toEqual([SECRET])
  })
})
