/** EasyPost's published signature test vector, verified and parsed through the adapter's webhook. */
import { isWismoError, type RawWebhookRequest } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { eventBody, fixture, fixtureBytes, testEasypost, webhookRequest } from './easypost-api.ts'

interface Vector {
  secret: string
  expected_header_value: string
  header_name: string
  negative_checks_verified: {
    raw_secret_stripped_body: string
    nfkd_secret_body_with_trailing_newline: string
  }
}
const vector = fixture('examples/webhook_hmac_test_vector.json') as unknown as Vector

function raw(signature: string, body = eventBody(), header = vector.header_name): RawWebhookRequest {
  return {
    method: 'POST',
    url: 'https://shop.example/webhooks/easypost',
    headers: new Headers({ [header]: signature, 'content-type': 'application/json' }),
    body,
  }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: unknown) => (isWismoError(e) ? e.code : String(e)),
  )
}

describe('EasyPost webhook signature (test vector)', () => {
  it('accepts EasyPost’s own signature of event-body.json with its secret "sécret" (NFKD)', async () => {
    const easypost = testEasypost({ webhookSecret: vector.secret })
    await expect(easypost.webhook.verify(raw(vector.expected_header_value))).resolves.toEqual({
      secretIndex: 0,
    })
    // Header names are case-insensitive (Fastify and HTTP/2 lower-case them).
    await expect(
      easypost.webhook.verify(raw(vector.expected_header_value, undefined, 'x-hmac-signature')),
    ).resolves.toBeTruthy()
  })

  it('accepts it during a rotation and says which secret matched', async () => {
    const easypost = testEasypost({ webhookSecret: ['the-new-secret', vector.secret] })
    await expect(easypost.webhook.verify(raw(vector.expected_header_value))).resolves.toEqual({
      secretIndex: 1,
    })
  })

  it('refuses the vector’s negative cases: secret not normalized, body with its trailing newline', async () => {
    const easypost = testEasypost({ webhookSecret: vector.secret })
    const checks = vector.negative_checks_verified
    expect(await codeOf(easypost.webhook.verify(raw(checks.raw_secret_stripped_body)))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
    expect(await codeOf(easypost.webhook.verify(raw(checks.nfkd_secret_body_with_trailing_newline)))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
    const withNewline = fixtureBytes('examples/event-body.json')
    expect(await codeOf(easypost.webhook.verify(raw(vector.expected_header_value, withNewline)))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
  })

  it('refuses every push when no secret is configured', async () => {
    const easypost = testEasypost({ webhookSecret: undefined })
    expect(await codeOf(easypost.webhook.verify(raw(vector.expected_header_value)))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
  })
})

describe('EasyPost webhook bodies', () => {
  const easypost = testEasypost()
  const parse = async (body: unknown) => easypost.webhook.parse(body, raw(''))

  it('reads the tracker.updated event of tracking code 1 with its whole history', async () => {
    const request = await webhookRequest()
    const [update, ...more] = await parse(JSON.parse(await request.text()))
    expect(more).toEqual([])
    expect(update).toMatchObject({
      carrier: 'easypost',
      trackingNumber: '1',
      carrierShipmentId: 'trk_1',
      source: 'webhook',
      service: 'FedEx FEDEX_GROUND',
      origin: { city: 'ORLANDO', region: 'FL', postalCode: '32809', country: 'US' },
      estimates: [{ source: 'carrier_scheduled', date: '2024-08-05', confidence: 0.75 }],
    })
    expect(update?.events).toHaveLength(7)
    expect(update?.events[0]).toMatchObject({
      status: 'info_received',
      subStatus: 'label_created',
      rawCode: 'pre_transit:label_created',
      rawText: 'Shipment information sent to FedEx',
      occurredAt: '2024-07-31T15:00:00Z',
      location: { postalCode: '32837', country: 'US' },
    })
    expect(update?.events.at(-1)).toMatchObject({ status: 'in_transit', subStatus: 'arrived_at_facility' })
  })

  it('acknowledges other EasyPost events without updates (refusing them would disable the webhook)', async () => {
    const batch = {
      object: 'Event',
      id: 'evt_2',
      description: 'batch.updated',
      result: { object: 'Batch', id: 'batch_1' },
    }
    await expect(parse(batch)).resolves.toEqual([])
    const created = {
      object: 'Event',
      id: 'evt_3',
      description: 'tracker.created',
      result: {
        id: 'trk_9',
        object: 'Tracker',
        tracking_code: 'EZ7000000007',
        status: 'unknown',
        tracking_details: [],
      },
    }
    await expect(parse(created)).resolves.toEqual([])
  })

  it('refuses a tracker event without a readable tracker, and a body that is no event', async () => {
    const example = fixture('examples/guides__webhooks-guide__event__event_example.json')
    expect(await codeOf(parse(example))).toBe('WEBHOOK_UNPROCESSABLE')
    const broken = {
      object: 'Event',
      id: 'evt_4',
      description: 'tracker.updated',
      result: { tracking_code: 5 },
    }
    expect(await codeOf(parse(broken))).toBe('WEBHOOK_UNPROCESSABLE')
    expect(await codeOf(parse({ description: 'tracker.updated' }))).toBe('WEBHOOK_UNPROCESSABLE')
    const odd = {
      ...broken,
      result: { tracking_code: '../../etc', status: 'in_transit', tracking_details: [] },
    }
    expect(await codeOf(parse(odd))).toBe('WEBHOOK_UNPROCESSABLE')
  })
})
