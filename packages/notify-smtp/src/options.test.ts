import { describe, expect, it } from 'vitest'
import { addressDomain, SmtpNotifierOptionsSchema } from './options.ts'

describe('options', () => {
  it('defaults: STARTTLS required, bounded timeouts, no pool', () => {
    const o = SmtpNotifierOptionsSchema.parse({ host: 'smtp.example.com', from: 'orders@shop.example' })
    expect(o).toMatchObject({
      secure: false,
      requireTLS: true,
      connectionTimeoutMs: 10_000,
      greetingTimeoutMs: 10_000,
      socketTimeoutMs: 60_000,
    })
    expect(o.pool).toBeUndefined()
    expect(SmtpNotifierOptionsSchema.parse({ host: 'h', from: 'a@b.example', pool: {} }).pool).toEqual({
      maxConnections: 5,
      maxMessages: 100,
    })
  })

  it('from: a bare address or Name <address>', () => {
    expect(addressDomain('orders@Shop.Example')).toBe('shop.example')
    expect(addressDomain('Shop Orders <orders@shop.example>')).toBe('shop.example')
    expect(addressDomain('"Shop, Inc." <orders@shop.example>')).toBe('shop.example')
    for (const bad of ['orders', 'a@b', 'a@b.example, c@d.example', '<>'])
      expect(addressDomain(bad), bad).toBeNull()
  })
})
