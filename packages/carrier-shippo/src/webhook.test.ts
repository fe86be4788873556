import { isWismoError, type RawWebhookRequest, signTimestampedHmac } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { fixture } from '../test/shippo-api.ts'
import { shippoStatusMapper } from './status-map.ts'
import { parseWebhook, shippoWebhook } from './webhook.ts'

const map = shippoStatusMapper({})
const TOKEN = 'url-token-0123456789abcdef'
const SECRET = 'hmac-secret-0123456789abcdef'
const OLD_SECRET = 'hmac-secret-previous-0123456789'
const T = 1_772_000_000
const at = (sec: number) => () => new Date(sec * 1000)
const body = JSON.stringify({ event: 'track_updated', test: false, data: fixture('track-ups-transit.json') })

async function request(
  o: { token?: string | null; secret?: string | null; t?: number; payload?: string } = {},
) {
  const payload = o.payload ?? body
  const headers = new Headers({ 'content-type': 'application/json' })
  if (o.secret !== null)
    headers.set(
      'Shippo-Auth-Signature',
      await signTimestampedHmac({ secret: o.secret ?? SECRET, body: payload, timestamp: o.t ?? T }),
    )
  const query = o.token === null ? '' : `?token=${encodeURIComponent(o.token ?? TOKEN)}`
  const raw: RawWebhookRequest = {
    method: 'POST',
    url: `https://shop.example/webhooks/shippo${query}`,
    headers,
    body: new TextEncoder().encode(payload),
  }
  return raw
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (e) {
    return isWismoError(e) ? e.code : String(e)
  }
}

describe('Shippo webhook verification', () => {
  const both = shippoWebhook(
    { urlTokens: [TOKEN], hmacSecrets: [SECRET, OLD_SECRET], toleranceSec: 300 },
    map,
    () => {},
    at(T + 60),
  )

  it('accepts the URL token and a fresh HMAC, and tells which secret matched', async () => {
    expect(await both.verify(await request())).toMatchObject({ secretIndex: 0, timestamp: T })
    expect(await both.verify(await request({ secret: OLD_SECRET }))).toMatchObject({ secretIndex: 1 })
  })

  it('refuses when either check fails', async () => {
    expect(await codeOf(both.verify(await request({ token: 'wrong-token-0123456789abcdef' })))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
    expect(await codeOf(both.verify(await request({ token: null })))).toBe('WEBHOOK_INVALID_SIGNATURE')
    expect(await codeOf(both.verify(await request({ secret: null })))).toBe('WEBHOOK_INVALID_SIGNATURE')
    expect(await codeOf(both.verify(await request({ secret: 'forged-secret-0123456789abcdef' })))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
    const tampered = await request()
    tampered.body = new TextEncoder().encode(body.replace('Dallas', 'Denver'))
    expect(await codeOf(both.verify(tampered))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })

  it('refuses an authentic signature outside the tolerance, either way', async () => {
    expect(await codeOf(both.verify(await request({ t: T - 400 })))).toBe('WEBHOOK_STALE')
    expect(await codeOf(both.verify(await request({ t: T + 500 })))).toBe('WEBHOOK_STALE')
    expect(await codeOf(both.verify(await request({ t: T + 360 })))).toBe('ok')
  })

  it('with the URL token only (Shippo’s default), the HMAC header is not needed', async () => {
    const tokenOnly = shippoWebhook({ urlTokens: [TOKEN], toleranceSec: 300 }, map, () => {})
    expect(await codeOf(tokenOnly.verify(await request({ secret: null })))).toBe('ok')
    expect(await codeOf(tokenOnly.verify(await request({ token: 'x', secret: null })))).toBe(
      'WEBHOOK_INVALID_SIGNATURE',
    )
  })

  it('with HMAC only, the URL needs no token', async () => {
    const hmacOnly = shippoWebhook({ hmacSecrets: [SECRET], toleranceSec: 300 }, map, () => {}, at(T))
    expect(await codeOf(hmacOnly.verify(await request({ token: null })))).toBe('ok')
  })

  it('refuses everything when nothing is configured', async () => {
    const none = shippoWebhook(undefined, map, () => {})
    expect(await codeOf(none.verify(await request()))).toBe('WEBHOOK_INVALID_SIGNATURE')
  })
})

describe('Shippo webhook bodies', () => {
  it('gives one webhook update for track_updated and learns the carrier token', () => {
    const learned: string[] = []
    const updates = parseWebhook(JSON.parse(body), map, (n, t) => learned.push(`${n}:${t}`))
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({
      carrier: 'shippo',
      source: 'webhook',
      trackingNumber: '1Z999AA10123456784',
    })
    expect(updates[0]?.events.at(-1)).toMatchObject({
      status: 'in_transit',
      subStatus: 'delayed',
      rawCode: 'TRANSIT:delayed',
    })
    expect(learned).toEqual(['1Z999AA10123456784:ups'])
  })

  it('acknowledges other Shippo events with no update', () => {
    expect(parseWebhook({ event: 'transaction_created', test: true, data: { object_id: 'x' } }, map)).toEqual(
      [],
    )
  })

  it.each([
    {},
    { event: 'track_updated' },
    { event: 'track_updated', data: { tracking_number: 'X' } },
    // A track whose number Wismo cannot use.
    {
      event: 'track_updated',
      data: { ...fixture<object>('track-ups-transit.json'), tracking_number: '1Z-?!' },
    },
    'text',
  ])('%j is WEBHOOK_UNPROCESSABLE', (payload) => {
    let error: unknown
    try {
      parseWebhook(payload, map)
    } catch (e) {
      error = e
    }
    expect(isWismoError(error, 'WEBHOOK_UNPROCESSABLE')).toBe(true)
  })
})
