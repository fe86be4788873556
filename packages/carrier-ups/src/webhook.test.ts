import type { RawWebhookRequest } from '@wismo/core'
import { isWismoError } from '@wismo/core'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIAL, fixture, NUMBERS, testUps, trackAlertRequest, upsHandlers } from '../test/ups-api.ts'

const server = setupServer(...upsHandlers())
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

async function raw(request: Request): Promise<RawWebhookRequest> {
  const body = new Uint8Array(await request.arrayBuffer())
  return { method: request.method, url: request.url, headers: request.headers, body }
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isWismoError(e) ? e.code : e),
  )

describe('Track Alert webhook', () => {
  it('accepts the credential UPS echoes, including an older one during a rotation', async () => {
    const ups = testUps({
      trackAlert: {
        url: 'https://shop.example/webhooks/ups',
        credentials: ['new-credential-000002', CREDENTIAL],
      },
    })
    const result = await ups.webhook.verify(await raw(trackAlertRequest()))
    expect(result).toMatchObject({ secretIndex: 1 })
    expect(
      await codeOf(ups.webhook.verify(await raw(trackAlertRequest(undefined, 'not-the-credential')))),
    ).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('refuses every push when Track Alert is not configured', async () => {
    const ups = testUps({ trackAlert: undefined })
    expect(await codeOf(ups.webhook.verify(await raw(trackAlertRequest())))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('parses one activity into an update with the local time and its offset', async () => {
    const request = await raw(trackAlertRequest())
    const [update] = await testUps().webhook.parse(fixture('track-alert-out-for-delivery.json'), request)
    expect(update).toEqual({
      carrier: 'ups',
      trackingNumber: NUMBERS.inTransit,
      source: 'webhook',
      events: [
        {
          status: 'out_for_delivery',
          subStatus: null,
          rawCode: 'I:OT',
          rawText: 'Out for Delivery',
          occurredAt: '2026-03-05T09:15:19-05:00',
          location: { city: 'Charlotte', region: 'NC', country: 'US' },
        },
      ],
      estimates: [
        { source: 'carrier_scheduled', date: '2026-03-05', confidence: 0.75 },
        {
          source: 'carrier_window',
          date: '2026-03-05',
          earliest: '2026-03-05T13:00:00',
          latest: '2026-03-05T17:00:00',
          confidence: 0.7,
        },
      ],
    })
  })

  it('gives a pushed scan the same time, code and place as the polled one, so they meet in one event', async () => {
    const ups = testUps()
    const [polled] = await ups.track([NUMBERS.inTransit])
    const arrival = {
      ...(fixture('track-alert-out-for-delivery.json') as object),
      localActivityDate: '20260304',
      localActivityTime: '043052',
      gmtActivityDate: '20260304',
      gmtActivityTime: '093052',
      activityStatus: { type: 'I', code: 'AR', description: 'Arrived at Facility', descriptionCode: '005' },
    }
    const [pushed] = await ups.webhook.parse(arrival, await raw(trackAlertRequest(arrival)))
    const pick = (
      e: { occurredAt: string; rawCode: string; status: string; location?: unknown } | undefined,
    ) => [e?.occurredAt, e?.rawCode, e?.status, e?.location]
    expect(pick(pushed?.events[0])).toEqual(pick(polled?.events[0]))
  })

  it('reads the documented delivery and manifest messages (blank fields, leading space in the number)', async () => {
    const ups = testUps()
    const delivered = {
      trackingNumber: '1Z204W4R0308071865',
      localActivityDate: '20240423',
      localActivityTime: '095004',
      activityLocation: { city: 'CHARLOTTE', stateProvince: 'NC', postalCode: '28209', country: 'US' },
      activityStatus: { type: 'D', code: 'FS', description: 'Delivered', descriptionCode: '011' },
      scheduledDeliveryDate: '',
      actualDeliveryDate: '20240423',
      actualDeliveryTime: '095004',
      gmtActivityDate: '20240423',
      gmtActivityTime: '135004',
      deliveryStartTime: '',
      deliveryEndTime: '',
      deliveryTimeDescription: '',
    }
    const [update] = await ups.webhook.parse(delivered, await raw(trackAlertRequest(delivered)))
    expect(update?.events[0]).toMatchObject({ status: 'delivered', occurredAt: '2024-04-23T09:50:04-04:00' })
    expect(update && 'estimates' in update).toBe(false)
    const manifest = {
      ...delivered,
      trackingNumber: ' 1ZABCXYZ0112346789',
      activityStatus: { type: 'M', code: 'MP' },
    }
    const [m] = await ups.webhook.parse(manifest, await raw(trackAlertRequest(manifest)))
    expect(m?.trackingNumber).toBe('1ZABCXYZ0112346789')
    expect(m?.events[0]?.status).toBe('info_received')
  })

  it('refuses bodies that are no Track Alert event with WEBHOOK_UNPROCESSABLE', async () => {
    const ups = testUps()
    const request = await raw(trackAlertRequest())
    for (const body of [
      {},
      [],
      { trackingNumber: '1Z' },
      { trackingNumber: '1Z', activityStatus: { type: 'I' } },
    ])
      expect(await codeOf(Promise.resolve().then(() => ups.webhook.parse(body, request)))).toBe(
        'WEBHOOK_UNPROCESSABLE',
      )
  })
})
