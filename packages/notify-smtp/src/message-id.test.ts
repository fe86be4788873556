import { describe, expect, it } from 'vitest'
import { messageIdFor } from './message-id.ts'

// RFC 5322 msg-id with a dot-atom id-left and a domain id-right.
const MSG_ID =
  /^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*>$/

describe('messageIdFor', () => {
  it('is stable for a key, differs between keys and between domains', () => {
    const a = messageIdFor('order-1:delivered', 'shop.example')
    expect(messageIdFor('order-1:delivered', 'shop.example')).toBe(a)
    expect(messageIdFor('order-1:out_for_delivery', 'shop.example')).not.toBe(a)
    expect(messageIdFor('order-1:delivered', 'other.example')).not.toBe(a)
  })

  it('is a valid msg-id for any key, and does not spell the key out', () => {
    for (const key of ['a', 'order 1 <x>@"y"', 'ü'.repeat(200), 'ana@example.com:delivered']) {
      const id = messageIdFor(key, 'shop.example')
      expect(id).toMatch(MSG_ID)
      expect(id).not.toContain('ana')
    }
  })

  it('is the SHA-256 of the key, 32 hex characters (a known value)', () => {
    // sha256("order-1:delivered") computed independently with `printf %s order-1:delivered | sha256sum`
    expect(messageIdFor('order-1:delivered', 'shop.example')).toBe(`<wismo.${SHA_PREFIX}@shop.example>`)
  })
})

const SHA_PREFIX = 'f09475764df87d05c8564f8c27d078a1'
