import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { timingSafeEqual } from './timing-safe-equal.ts'

const bytes = fc.uint8Array({ maxLength: 64 })

describe('timingSafeEqual', () => {
  test('equal exactly when the bytes are the same, for any lengths, without throwing', () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const same = a.length === b.length && a.every((v, i) => v === b[i])
        expect(timingSafeEqual(a, b)).toBe(same)
      }),
    )
  })

  test('a copy is equal; any single flipped bit is not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (a, at, bit) => {
          expect(timingSafeEqual(a, Uint8Array.from(a))).toBe(true)
          const b = Uint8Array.from(a)
          const i = at % b.length
          b[i] = (b[i] ?? 0) ^ (1 << bit)
          expect(timingSafeEqual(a, b)).toBe(false)
        },
      ),
    )
  })

  test('a prefix or an extension is not equal, in either argument order', () => {
    const a = Uint8Array.of(1, 2, 3)
    expect(timingSafeEqual(a, Uint8Array.of(1, 2))).toBe(false)
    expect(timingSafeEqual(Uint8Array.of(1, 2), a)).toBe(false)
    expect(timingSafeEqual(a, Uint8Array.of(1, 2, 3, 0))).toBe(false)
    expect(timingSafeEqual(new Uint8Array(), new Uint8Array())).toBe(true)
    expect(timingSafeEqual(new Uint8Array(), a)).toBe(false)
  })
})
