import type { WismoStore } from '../contract.ts'

/**
 * Wrap every method of `store` so a thrown driver error goes through `toError` (which maps it to a
 * coded `WismoError`, given the method's name) before it reaches the caller.
 */
export function mapStoreErrors(
  store: WismoStore,
  toError: (e: unknown, method: string) => unknown,
): WismoStore {
  const out: Record<string, unknown> = { ...store }
  for (const [name, fn] of Object.entries(store)) {
    if (typeof fn !== 'function') continue
    out[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args)
      } catch (e) {
        throw toError(e, name)
      }
    }
  }
  return out as unknown as WismoStore
}
