import type { Carrier, TrackingUpdate } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { expectValidUpdate, jsonOf, stripSignature, tamper, toRaw } from './checks.ts'

const request = () =>
  new Request('https://shop.example/webhooks/acme', {
    method: 'POST',
    headers: { 'webhook-signature': 'v1,abc', 'X-Acme-Hmac-SHA256': 'xyz', 'webhook-id': 'msg_1' },
    body: '{"n":12,"s":"a"}',
  })

const carrier = { id: 'acme' } as Carrier
const update: TrackingUpdate = {
  carrier: 'acme',
  trackingNumber: 'A1',
  source: 'poll',
  events: [
    {
      status: 'in_transit',
      rawCode: 'AR',
      rawText: 'Arrived',
      occurredAt: '2025-03-03T10:00:00+01:00',
      providerEventId: 'e1',
    },
  ],
}

describe('carrier suite helpers', () => {
  it('read a Request fully without consuming the fixture', async () => {
    const req = request()
    const raw = await toRaw(req)
    expect(jsonOf(raw)).toEqual({ n: 12, s: 'a' })
    expect(await req.text()).toBe('{"n":12,"s":"a"}')
  })

  it('tamper one digit, keeping the JSON well formed', async () => {
    const raw = await toRaw(request())
    expect(jsonOf(tamper(raw))).toEqual({ n: 22, s: 'a' })
    expect(new TextDecoder().decode(tamper({ ...raw, body: new TextEncoder().encode('{}') }).body)).toBe(
      '{} ',
    )
  })

  it('strip every signature-like header and keep the rest', async () => {
    const stripped = stripSignature(await toRaw(request()))
    expect([...stripped.headers.keys()]).toEqual(['content-type', 'webhook-id'])
  })

  it('accept a valid update and reject broken ones', () => {
    expectValidUpdate(update, carrier, 'poll')
    const broken: TrackingUpdate[] = [
      { ...update, carrier: 'other' },
      { ...update, source: 'webhook' },
      {
        ...update,
        events: [{ ...(update.events[0] as TrackingUpdate['events'][number]), occurredAt: 'yesterday' }],
      },
      { ...update, events: [{ ...(update.events[0] as TrackingUpdate['events'][number]), rawCode: '' }] },
      { ...update, events: [update.events[0], update.events[0]] as TrackingUpdate['events'] },
    ]
    for (const b of broken) expect(() => expectValidUpdate(b, carrier, 'poll')).toThrow()
  })
})
