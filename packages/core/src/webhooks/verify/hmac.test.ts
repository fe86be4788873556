import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { fromBase64, fromHex, toBase64, toHex } from './encoding.ts'
import { hmacSignature } from './hmac.ts'

const algorithms = { 'SHA-256': 'sha256', 'SHA-1': 'sha1', 'SHA-512': 'sha512' } as const

describe('hmacSignature', () => {
  test('matches node:crypto for every algorithm and encoding (Web Crypto only inside)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('SHA-256', 'SHA-1', 'SHA-512'),
        fc.constantFrom('hex', 'base64'),
        async (secret, body, algorithm, encoding) => {
          const expected = createHmac(algorithms[algorithm], secret).update(body).digest(encoding)
          expect(await hmacSignature({ secret, body, algorithm, encoding })).toBe(expected)
        },
      ),
      { numRuns: 60 },
    )
  })

  test('an empty key is CONFIG_INVALID, not a crypto exception', async () => {
    await expect(hmacSignature({ secret: '', body: 'x', encoding: 'hex' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    })
  })
})

describe('encoding', () => {
  test('hex and base64 round-trip any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes)
        expect(fromHex(toHex(bytes).toUpperCase())).toEqual(bytes)
        expect(fromBase64(toBase64(bytes))).toEqual(bytes)
        expect(fromBase64(toBase64(bytes).replace(/=+$/, ''))).toEqual(bytes)
      }),
    )
  })

  test.each(['abc', '0g', ' 00'])('fromHex(%j) is null', (text) => {
    expect(fromHex(text)).toBeNull()
  })

  test.each(['a', 'ab=', 'abc==', 'ab*c', 'ab c', '====', 'YQ==='])('fromBase64(%j) is null', (text) => {
    expect(fromBase64(text)).toBeNull()
  })
})
