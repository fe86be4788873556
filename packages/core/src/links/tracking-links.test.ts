import { describe, expect, it } from 'vitest'
import { isWismoError } from '../errors.ts'
import { createWismo } from '../wismo.ts'
import { signTrackingToken, trackingLinks, verifyTrackingToken } from './tracking-links.ts'

const SECRET = 'k'.repeat(32)
const OTHER = 'o'.repeat(32)
const at = (iso: string) => new Date(iso)

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    return isWismoError(e) ? e.code : String(e)
  }
}

describe('tracking tokens', () => {
  it('round-trips the order and expiry', async () => {
    const token = await signTrackingToken(SECRET, 'A-1001/é', at('2027-01-01T00:00:00Z'))
    expect(await verifyTrackingToken([SECRET], token, at('2026-12-01T00:00:00Z'))).toEqual({
      orderId: 'A-1001/é',
      expiresAt: '2027-01-01T00:00:00.000Z',
    })
  })

  it('refuses a token for another order, a changed expiry, or another secret', async () => {
    const token = await signTrackingToken(SECRET, 'A-1001', at('2027-01-01T00:00:00Z'))
    const [v, , exp, sig] = token.split('.')
    const other = await signTrackingToken(SECRET, 'A-1002', at('2027-01-01T00:00:00Z'))
    const otherOrder = other.split('.')[1]
    const now = at('2026-12-01T00:00:00Z')
    expect(await codeOf(verifyTrackingToken([SECRET], `${v}.${otherOrder}.${exp}.${sig}`, now))).toBe(
      'TRACKING_LINK_INVALID',
    )
    const later = (Number.parseInt(exp as string, 36) + 86_400).toString(36)
    expect(
      await codeOf(verifyTrackingToken([SECRET], `${v}.${token.split('.')[1]}.${later}.${sig}`, now)),
    ).toBe('TRACKING_LINK_INVALID')
    expect(await codeOf(verifyTrackingToken([OTHER], token, now))).toBe('TRACKING_LINK_INVALID')
  })

  it('accepts every rotation secret and signs with the first', async () => {
    const old = await signTrackingToken(OTHER, 'A-1', at('2027-01-01T00:00:00Z'))
    const links = trackingLinks(
      { secret: [SECRET, OTHER], baseUrl: 'https://shop.example/track/', ttlMs: 86_400_000 },
      () => at('2026-12-01T00:00:00Z'),
    )
    expect((await links.verify(old)).orderId).toBe('A-1')
    const url = await links.url('A-1')
    expect(url.startsWith('https://shop.example/track/o/v1.')).toBe(true)
    const token = url.split('/o/')[1] as string
    expect((await verifyTrackingToken([SECRET], token, at('2026-12-01T12:00:00Z'))).expiresAt).toBe(
      '2026-12-02T00:00:00.000Z',
    )
  })

  it('refuses an expired token with its own code, and garbage as invalid', async () => {
    const token = await signTrackingToken(SECRET, 'A-1', at('2027-01-01T00:00:00Z'))
    expect(await codeOf(verifyTrackingToken([SECRET], token, at('2027-01-01T00:00:00Z')))).toBe(
      'TRACKING_LINK_EXPIRED',
    )
    for (const bad of [
      '',
      'v1',
      'v1...',
      'v2.QQ.1.AA',
      `${token}.x`,
      'v1.!!.1.AA',
      'x'.repeat(5000),
      token.slice(0, -2),
    ])
      expect(await codeOf(verifyTrackingToken([SECRET], bad, at('2026-01-01T00:00:00Z')))).toBe(
        'TRACKING_LINK_INVALID',
      )
  })
})

describe('wismo.trackingLink', () => {
  it('makes links for known orders only, and needs trackingLinks', async () => {
    const wismo = createWismo({
      carriers: [],
      trackingLinks: { secret: SECRET, baseUrl: 'https://shop.example/track' },
      clock: () => at('2026-12-01T00:00:00Z'),
    })
    await wismo.registerOrder({ id: 'A-1' })
    const url = await wismo.trackingLink('A-1')
    const grant = await wismo.openTrackingLink(url.split('/o/')[1] as string)
    expect(grant).toEqual({ orderId: 'A-1', expiresAt: '2027-03-01T00:00:00.000Z' })
    expect(await codeOf(wismo.trackingLink('nope'))).toBe('ORDER_NOT_FOUND')
    const bare = createWismo({ carriers: [] })
    await bare.registerOrder({ id: 'A-1' })
    expect(await codeOf(bare.trackingLink('A-1'))).toBe('CONFIG_INVALID')
  })

  it('refuses a short secret at createWismo', () => {
    expect(() =>
      createWismo({ carriers: [], trackingLinks: { secret: 'short', baseUrl: 'https://x.example' } }),
    ).toThrow(/at least 32/)
  })
})

describe('notifications and tracking links', () => {
  const notifications = {
    channels: { email: [{ id: 'x', send: async () => ({ providerMessageId: '1' }) }] },
    triggers: { delivered: ['email' as const] },
    shop: { name: 'Lumen' },
  }

  it('needs a tracking page link: trackingUrl or trackingLinks', () => {
    expect(() => createWismo({ carriers: [], notifications: notifications as never })).toThrow(/trackingUrl/)
    expect(() =>
      createWismo({
        carriers: [],
        notifications: notifications as never,
        trackingLinks: { secret: SECRET, baseUrl: 'https://shop.example/track' },
      }),
    ).not.toThrow()
  })
})
