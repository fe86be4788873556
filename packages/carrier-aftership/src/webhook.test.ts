import { isWismoError, type RawWebhookRequest } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { fixture, testAftership, WEBHOOK_SECRET, webhookRequest } from '../test/aftership-api.ts'

async function raw(request: Request): Promise<RawWebhookRequest> {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: new Uint8Array(await request.arrayBuffer()),
  }
}

async function codeOf(p: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    return isWismoError(e) ? e.code : e
  }
  return 'resolved'
}

describe('AfterShip webhooks', () => {
  it('a signed delivery verifies and is named by its event_id', async () => {
    const result = await testAftership().webhook.verify(await raw(await webhookRequest()))
    expect(result).toEqual({ secretIndex: 0, messageId: '3b0c6a0e-8f3e-4f55-9d1a-6c2f1b7e9a40' })
  })

  it('signatures are checked over the exact bytes received', async () => {
    // Same JSON value, other bytes (AfterShip's own formatting is what is signed).
    const body = JSON.stringify(fixture('webhook-out-for-delivery.json'), null, 2)
    const request = await raw(await webhookRequest(body))
    expect(await codeOf(testAftership().webhook.verify(request))).toBe('resolved')
    const reformatted = { ...request, body: new TextEncoder().encode(JSON.stringify(JSON.parse(body))) }
    expect(await codeOf(testAftership().webhook.verify(reformatted))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('accepts every configured secret (rotation) and tells which one matched', async () => {
    const carrier = testAftership({ webhookSecret: ['aftership-webhook-secret-0002', WEBHOOK_SECRET] })
    const result = await carrier.webhook.verify(await raw(await webhookRequest()))
    expect(result?.secretIndex).toBe(1)
  })

  it('refuses a wrong secret, a missing header, and any push when no secret is configured', async () => {
    const carrier = testAftership()
    const wrong = await raw(await webhookRequest(undefined, 'some-other-secret-000'))
    expect(await codeOf(carrier.webhook.verify(wrong))).toBe('WEBHOOK_INVALID_SIGNATURE')
    const unsigned = await raw(await webhookRequest(undefined, null))
    expect(await codeOf(carrier.webhook.verify(unsigned))).toBe('WEBHOOK_INVALID_SIGNATURE')
    const signed = await raw(await webhookRequest())
    const unconfigured = testAftership({ webhookSecret: undefined })
    expect(await codeOf(unconfigured.webhook.verify(signed))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('parses msg into one webhook update with the whole checkpoint history', async () => {
    const [update] = await testAftership().webhook.parse(
      fixture('webhook-out-for-delivery.json'),
      await raw(await webhookRequest()),
    )
    expect(update).toMatchObject({
      carrier: 'aftership',
      trackingNumber: '9405511202575421535949',
      carrierShipmentId: 'f1a7c3e2b9d04e6f8a2b5c7d9e1f3a5b',
      source: 'webhook',
      service: 'usps: USPS Ground Advantage',
      estimates: [{ source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.75 }],
    })
    expect(update?.events.map((e) => [e.occurredAt, e.rawCode, e.status])).toEqual([
      ['2026-03-04T05:12:00', 'InTransit_007', 'in_transit'],
      ['2026-03-05T07:28:00-05:00', 'OutForDelivery_001', 'out_for_delivery'],
    ])
  })

  it('refuses a body that is no tracking webhook, or whose number is unusable', async () => {
    const carrier = testAftership()
    const request = await raw(await webhookRequest())
    expect(await codeOf(() => carrier.webhook.parse({ event: 'tracking_update' }, request))).toBe(
      'WEBHOOK_UNPROCESSABLE',
    )
    const odd = { event: 'tracking_update', msg: { tracking_number: 'AB/12' } }
    expect(await codeOf(() => carrier.webhook.parse(odd, request))).toBe('WEBHOOK_UNPROCESSABLE')
  })
})
