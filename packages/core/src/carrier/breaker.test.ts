import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isWismoError, WismoError } from '../errors.ts'
import { carrierBreakers } from './breaker.ts'

const down = () => Promise.reject(new WismoError('CARRIER_UNAVAILABLE', 'down'))

describe('carrier breakers', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('opens after repeated failures, probes after the pause and closes on success', async () => {
    const breakers = carrierBreakers({ failures: 3, halfOpenAfterMs: 60_000 })
    for (let i = 0; i < 3; i++) await expect(breakers.run('ups', down)).rejects.toThrow('down')
    expect(breakers.state('ups')).toBe('open')
    const call = vi.fn(async () => 'ok')
    const refused = await breakers.run('ups', call).catch((e: unknown) => e)
    expect(isWismoError(refused, 'CARRIER_UNAVAILABLE') && refused.details).toMatchObject({ breaker: 'open' })
    expect(call).not.toHaveBeenCalled()
    expect(breakers.state('fedex')).toBe('closed') // one breaker per carrier
    vi.advanceTimersByTime(60_000)
    expect(await breakers.run('ups', call)).toBe('ok')
    expect(breakers.state('ups')).toBe('closed')
  })

  it('does not count a number the carrier does not know', async () => {
    const breakers = carrierBreakers({ failures: 2 })
    for (let i = 0; i < 5; i++)
      await breakers
        .run('ups', () => Promise.reject(new WismoError('CARRIER_NOT_FOUND', 'no')))
        .catch(() => {})
    expect(breakers.state('ups')).toBe('closed')
  })
})
