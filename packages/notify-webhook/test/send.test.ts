import { standardWebhooksVerifier } from '@wismo/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { webhookNotifier } from '../src/index.ts'
import { type Receiver, startReceiver } from './receiver.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const NEW_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
const AT = new Date('2026-03-02T12:00:00.000Z')
let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver([SECRET, NEW_SECRET])
})
afterAll(() => receiver.close())
beforeEach(() => {
  receiver.received.length = 0
  receiver.answer(null)
})

const message = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: 'notif_01HZX',
  channel: 'webhook' as const,
  to: `${receiver.url}/hooks/wismo?tenant=7`,
  text: 'Your parcel was delivered',
  type: 'shipment.delivered',
  payload: { shipmentId: 'shp_1', status: 'delivered', occurredAt: '2026-03-02T11:58:00Z' },
  ...over,
})
const notifier = (options: Record<string, unknown> = {}, now = () => AT) =>
  webhookNotifier({ secret: SECRET, allowPrivateNetworks: true, ...options }, { now })

describe('what the receiver gets', () => {
  it('a POST of { type, timestamp, data } with the three signed headers, verified independently and by core', async () => {
    const result = await notifier().send(message())
    const got = receiver.last()
    expect(got).toMatchObject({ method: 'POST', path: '/hooks/wismo?tenant=7', verifiedBy: [SECRET] })
    expect(got?.headers['content-type']).toBe('application/json')
    expect(got?.headers['webhook-id']).toBe('notif_01HZX')
    expect(got?.headers['webhook-timestamp']).toBe(String(AT.getTime() / 1000))
    expect(got?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
    expect(got?.headers['x-wismo-private-network']).toBeUndefined()
    expect(JSON.parse(got?.body ?? '')).toEqual({
      type: 'shipment.delivered',
      timestamp: '2026-03-02T12:00:00.000Z',
      data: { shipmentId: 'shp_1', status: 'delivered', occurredAt: '2026-03-02T11:58:00Z' },
    })
    expect(result).toEqual({ providerMessageId: 'notif_01HZX' })

    const verified = await standardWebhooksVerifier()(
      {
        method: 'POST',
        url: `${receiver.url}/hooks/wismo`,
        headers: new Headers(got?.headers as Record<string, string>),
        body: new TextEncoder().encode(got?.body),
      },
      [SECRET],
      AT,
    )
    expect(verified).toMatchObject({ messageId: 'notif_01HZX' })
  })

  it('a retry carries the same webhook-id with a fresh timestamp and signature', async () => {
    let now = AT
    const hooks = notifier({}, () => now)
    await hooks.send(message())
    now = new Date(AT.getTime() + 5_000)
    await hooks.send(message())
    const [first, second] = receiver.received
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id'])
    expect(Number(second?.headers['webhook-timestamp']) - Number(first?.headers['webhook-timestamp'])).toBe(5)
    expect(second?.headers['webhook-signature']).not.toBe(first?.headers['webhook-signature'])
    expect(second?.verifiedBy).toEqual([SECRET])
  })

  it('a key Standard Webhooks cannot carry (dots, spaces) becomes a stable msg_ id', async () => {
    const hooks = notifier()
    await hooks.send(message({ idempotencyKey: 'order 42.shipment.delivered' }))
    await hooks.send(message({ idempotencyKey: 'order 42.shipment.delivered' }))
    await hooks.send(message({ idempotencyKey: 'order 43.shipment.delivered' }))
    const ids = receiver.received.map((r) => r.headers['webhook-id'])
    expect(ids[0]).toMatch(/^msg_[A-Za-z0-9_-]{32}$/)
    expect(ids[1]).toBe(ids[0])
    expect(ids[2]).not.toBe(ids[0])
    expect(receiver.received.every((r) => r.verifiedBy.length === 1)).toBe(true)
  })

  it('a key outside printable ASCII (which no header can carry) is hashed too', async () => {
    await notifier().send(message({ idempotencyKey: 'commande-📦-é' }))
    expect(receiver.last()?.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]{32}$/)
    expect(receiver.last()?.verifiedBy).toEqual([SECRET])
  })

  it('without a payload, data is the rendered text (and subject)', async () => {
    await notifier().send(message({ payload: undefined, subject: 'Delivered' }))
    expect(JSON.parse(receiver.last()?.body ?? '').data).toEqual({
      text: 'Your parcel was delivered',
      subject: 'Delivered',
    })
  })

  it('a message without a type → INPUT_INVALID, nothing sent', async () => {
    await expect(notifier().send(message({ type: undefined }))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    })
    expect(receiver.received).toHaveLength(0)
  })
})

describe('secret rotation', () => {
  it('signs with every listed secret, so a receiver holding either the new or the old one verifies', async () => {
    await notifier({ secret: [NEW_SECRET, SECRET] }).send(message())
    const got = receiver.last()
    const entries = String(got?.headers['webhook-signature']).split(' ')
    expect(entries).toHaveLength(2)
    expect(got?.verifiedBy).toEqual([SECRET, NEW_SECRET])
    // A receiver with only one of them, through core's verifier.
    for (const held of [SECRET, NEW_SECRET]) {
      const raw = {
        method: 'POST',
        url: receiver.url,
        headers: new Headers(got?.headers as Record<string, string>),
        body: new TextEncoder().encode(got?.body),
      }
      await expect(standardWebhooksVerifier()(raw, [held], AT)).resolves.toBeTruthy()
    }
  })
})

describe('named endpoints', () => {
  it('a `to` naming an endpoint goes to its URL, signed with its own secret', async () => {
    const hooks = notifier({
      allowPrivateNetworks: false,
      endpoints: {
        erp: { url: `${receiver.url}/erp`, secret: NEW_SECRET, privateNetwork: true },
        crm: { url: `${receiver.url}/crm`, privateNetwork: true },
      },
    })
    await hooks.send(message({ to: 'erp' }))
    await hooks.send(message({ to: 'crm' }))
    expect(receiver.received.map((r) => [r.path, r.verifiedBy])).toEqual([
      ['/erp', [NEW_SECRET]],
      ['/crm', [SECRET]],
    ])
  })

  it('`url` is the endpoint named "default"', async () => {
    await notifier({ url: `${receiver.url}/default` }).send(message({ to: 'default' }))
    expect(receiver.last()?.path).toBe('/default')
  })

  it('an unknown name → NOTIFY_REQUEST_REJECTED naming the configured endpoints', async () => {
    const error = await notifier({ endpoints: { erp: `${receiver.url}/erp` } })
      .send(message({ to: 'warehouse' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'NOTIFY_REQUEST_REJECTED',
      retryable: false,
      details: { endpoints: ['erp'], reason: 'unknown_endpoint' },
    })
    expect(receiver.received).toHaveLength(0)
  })

  it('allowUrlRecipients: false → only configured endpoints are reachable', async () => {
    const hooks = notifier({ allowUrlRecipients: false, endpoints: { erp: `${receiver.url}/erp` } })
    await expect(hooks.send(message())).rejects.toMatchObject({ code: 'NOTIFY_REQUEST_REJECTED' })
    await hooks.send(message({ to: 'erp' }))
    expect(receiver.received.map((r) => r.path)).toEqual(['/erp'])
  })
})

describe('the receiver’s 2xx', () => {
  it('any 2xx is accepted, whatever its body says (even malformed JSON)', async () => {
    for (const status of [200, 201, 202, 204]) {
      receiver.answer({ status, headers: { 'content-type': 'application/json' }, body: '{nope' })
      await expect(notifier().send(message())).resolves.toEqual({ providerMessageId: 'notif_01HZX' })
    }
  })

  it('messageIdHeader: the receiver’s own id becomes the provider message id', async () => {
    receiver.answer({ status: 200, headers: { 'x-request-id': 'erp-req-77' } })
    const hooks = notifier({ messageIdHeader: 'X-Request-Id' })
    await expect(hooks.send(message())).resolves.toEqual({ providerMessageId: 'erp-req-77' })
    receiver.answer({ status: 200 })
    await expect(hooks.send(message())).resolves.toEqual({ providerMessageId: 'notif_01HZX' })
  })
})
