import { describe, expect, it } from 'vitest'
import { boundedCache } from './bounded-cache.ts'

describe('boundedCache', () => {
  it('computes a key once, and empties itself rather than grow past its bound', () => {
    const cache = boundedCache<number>(2)
    let computed = 0
    const square = (n: number) =>
      cache.get(String(n), () => {
        computed++
        return n * n
      })
    expect([square(3), square(3), square(4)]).toEqual([9, 9, 16])
    expect(computed).toBe(2)
    square(5) // full: emptied, then 5 held
    expect([cache.peek('3'), cache.peek('4'), cache.peek('5')]).toEqual([undefined, undefined, 25])
    cache.set('5', 26)
    cache.delete('3')
    expect(cache.get('5', () => 0)).toBe(26)
  })
})
