import { WismoError } from '@wismo/core'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/** A seeded random source: every draw the simulator makes goes through one of these. */
export interface Rng {
  /** Integer in `[min, max]`. */
  int(min: number, max: number): number
  /** Float in `[0, 1)`. */
  float(): number
  /** Float in `[range[0], range[1]]`. */
  between(range: readonly [number, number]): number
  /** True with probability `p`. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** A key drawn with probability proportional to its weight (weights ≥ 0, sum > 0). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K
  /** An independent stream, so one consumer's draws do not shift another's. */
  fork(): Rng
}

/**
 * Wrap pure-rand's xoroshiro128+ (seeded, fast, the same sequence on every runtime).
 * @example const rng = createRng(42); rng.int(1, 6) // the same value on every run
 */
export function createRng(seed: number): Rng {
  return fromGenerator(xoroshiro128plus(seed))
}

function fromGenerator(gen: RandomGenerator): Rng {
  const float = () => uniformFloat64(gen)
  const rng: Rng = {
    int: (min, max) => uniformInt(gen, min, max),
    float,
    between: ([a, b]) => a + float() * (b - a),
    chance: (p) => p > 0 && float() < p,
    pick: (items) => {
      const item = items[uniformInt(gen, 0, items.length - 1)]
      if (item === undefined) throw new WismoError('INTERNAL', 'sandbox rng: pick from an empty list')
      return item
    },
    weighted: (weights) => pickWeighted(weights, float()),
    fork: () => createRng(gen.next()),
  }
  return rng
}

function pickWeighted<K extends string>(weights: Readonly<Record<K, number>>, u: number): K {
  const entries = Object.entries(weights) as [K, number][]
  const total = entries.reduce((sum, [, w]) => sum + w, 0)
  let point = u * total
  for (const [key, weight] of entries) {
    if (point < weight) return key
    point -= weight
  }
  const last = entries.findLast(([, w]) => w > 0)
  if (!last) throw new WismoError('INTERNAL', 'sandbox rng: weights must not all be zero')
  return last[0]
}
