import { isWismoError, WismoError, type WismoErrorCode } from '../errors.ts'

/**
 * Return a copy of `target` whose methods turn any unexpected throw (or rejection) into a
 * WismoError with `code`, naming the adapter and method. WismoErrors pass through unchanged.
 */
export function wrapMethods<T extends object>(target: T, code: WismoErrorCode, label: string): T {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(target)) {
    out[name] = typeof value === 'function' ? guard(value.bind(target), code, `${label}.${name}`) : value
  }
  return out as T
}

function guard(fn: (...args: unknown[]) => unknown, code: WismoErrorCode, where: string) {
  const fail = (e: unknown): never => {
    if (isWismoError(e)) throw e
    const reason = e instanceof Error ? e.name : typeof e
    throw new WismoError(code, `${where} failed unexpectedly (${reason})`, { cause: e })
  }
  return (...args: unknown[]) => {
    try {
      const result = fn(...args)
      return result instanceof Promise ? result.catch(fail) : result
    } catch (e) {
      return fail(e)
    }
  }
}
