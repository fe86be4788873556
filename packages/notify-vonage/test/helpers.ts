import type { WismoError } from '@wismo/core'
import { expect } from 'vitest'

/** The error `fn` throws or rejects with; a failed assertion when it succeeds. */
export async function errorOf(fn: () => unknown): Promise<WismoError> {
  try {
    await fn()
  } catch (e) {
    return e as WismoError
  }
  return expect.fail('expected an error, but the call succeeded')
}
