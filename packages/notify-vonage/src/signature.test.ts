import { describe, expect, it } from 'vitest'
import { SIGNATURE_METHODS } from './options.ts'
import { isValidVonageSignature, signedString, vonageSignature } from './signature.ts'

// Official vector: Vonage/vonage-node-sdk packages/sms/__tests__/__dataSets__/signature.ts
// (via ../shared/PROVIDERS.md §9), verbatim.
const secret = 'my_secret_key_for_testing'
const params = {
  'message-timestamp': '2013-11-21 15:27:30',
  messageId: '020000001B0FE827',
  msisdn: '14843472194',
  text: 'Test again',
  timestamp: '1385047698',
  to: '13239877404',
  type: 'text',
}
const expected = {
  md5hash: 'd2e7b1dc968737c5998ad624e02f90b7',
  md5: 'DDEBD46008C2D4E93CCE578A332A52D5',
  sha1: '27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A',
  sha256: 'DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330',
  sha512:
    'E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82',
} as const

describe('Vonage SMS API sig', () => {
  it('signs the official string (sorted, unencoded, message-timestamp before messageId)', () => {
    expect(signedString(params)).toBe(
      '&message-timestamp=2013-11-21 15:27:30&messageId=020000001B0FE827&msisdn=14843472194&text=Test again&timestamp=1385047698&to=13239877404&type=text',
    )
  })

  it.each(SIGNATURE_METHODS)('%s matches the official vector', (method) => {
    expect(vonageSignature(params, secret, method).toLowerCase()).toBe(expected[method].toLowerCase())
    expect(isValidVonageSignature({ ...params, sig: expected[method] }, secret, method)).toBe(true)
  })

  it('compares case-insensitively', () => {
    expect(
      isValidVonageSignature({ ...params, sig: expected.md5hash.toUpperCase() }, secret, 'md5hash'),
    ).toBe(true)
  })

  it('refuses a changed field, another secret, another method, a truncated or missing sig', () => {
    expect(
      isValidVonageSignature({ ...params, text: 'Test again!', sig: expected.sha256 }, secret, 'sha256'),
    ).toBe(false)
    expect(isValidVonageSignature({ ...params, sig: expected.sha256 }, 'another_secret', 'sha256')).toBe(
      false,
    )
    expect(isValidVonageSignature({ ...params, sig: expected.sha256 }, secret, 'sha1')).toBe(false)
    expect(isValidVonageSignature({ ...params, sig: expected.sha256.slice(0, 32) }, secret, 'sha256')).toBe(
      false,
    )
    expect(isValidVonageSignature(params, secret, 'sha256')).toBe(false)
  })

  it('replaces & and = inside values with _ (so a value cannot forge another field)', () => {
    expect(signedString({ a: 'x&b=y' })).toBe('&a=x_b_y')
    expect(vonageSignature({ a: 'x&b=y' }, secret, 'md5hash')).toBe(
      vonageSignature({ a: 'x_b_y' }, secret, 'md5hash'),
    )
  })
})
