/**
 * Values computed once per key, for pure computations repeated on a hot path (parsed times,
 * prepared keys, formatters). Bounded: emptied when full, so keys that come from outside (time
 * zones, locales, secrets) cannot grow it without limit.
 * @example
 * const zones = boundedCache<boolean>(1_000)
 * zones.get('Europe/Berlin', () => isValidZone('Europe/Berlin'))
 */
export interface BoundedCache<V> {
  /** The value held for `key`, else `compute()` remembered. */
  get(key: string, compute: () => V): V
  /** Remember `value` for `key` (replacing what was held). */
  set(key: string, value: V): void
  /** The value held for `key`, if any. */
  peek(key: string): V | undefined
  delete(key: string): void
}

export function boundedCache<V>(max: number): BoundedCache<V> {
  const values = new Map<string, V>()
  const cache: BoundedCache<V> = {
    get(key, compute) {
      const held = values.get(key)
      if (held !== undefined || values.has(key)) return held as V
      const value = compute()
      cache.set(key, value)
      return value
    },
    set(key, value) {
      if (values.size >= max && !values.has(key)) values.clear()
      values.set(key, value)
    },
    peek: (key) => values.get(key),
    delete(key) {
      values.delete(key)
    },
  }
  return cache
}
