import { describe, expect, it } from 'vitest'
import { ERROR_CODES, isWismoError, toWismoError, WismoError } from './errors.ts'

describe('WismoError', () => {
  it('carries code, retryable default, retryAfterMs and cause', () => {
    const cause = new Error('x')
    const e = new WismoError('CARRIER_RATE_LIMITED', 'slow down', { retryAfterMs: 2000, cause })
    expect([e.code, e.retryable, e.retryAfterMs, e.cause, e.status]).toEqual([
      'CARRIER_RATE_LIMITED',
      true,
      2000,
      cause,
      503,
    ])
    expect(JSON.stringify(e)).not.toContain('stack')
  })

  it('is recognised across duplicate installs of the package', async () => {
    // A second module instance stands for a second copy in node_modules.
    // @ts-expect-error a query-suffixed import is a second module instance in vite
    const other = (await import('./errors.ts?copy')) as typeof import('./errors.ts')
    expect(other.WismoError).not.toBe(WismoError)
    const foreign = new other.WismoError('STORE_CONFLICT', 'x')
    expect(foreign instanceof WismoError).toBe(false)
    expect(isWismoError(foreign)).toBe(true)
    expect(isWismoError(foreign, 'STORE_CONFLICT')).toBe(true)
    expect(isWismoError(foreign, 'STORE_FAILED')).toBe(false)
    expect(isWismoError(new Error('plain'))).toBe(false)
    expect(isWismoError({ code: 'STORE_CONFLICT' })).toBe(false)
  })

  it('wraps foreign throws and keeps WismoErrors', () => {
    const w = new WismoError('INTERNAL', 'x')
    expect(toWismoError(w, 'STORE_FAILED', 'y')).toBe(w)
    expect(toWismoError('boom', 'STORE_FAILED', 'saving')).toMatchObject({
      code: 'STORE_FAILED',
      message: 'saving: boom',
    })
  })

  it('uses UPPER_SNAKE codes', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/)
  })
})
