import { afterEach, describe, expect, it, vi } from 'vitest'
import { isWismoError } from '../errors.ts'
import { memoryStore } from '../store/memory-store.ts'
import { createWismo } from '../wismo.ts'
import type { CarrierBudget } from './contract.ts'
import { defineCarrier } from './define-carrier.ts'

/** A vendor API at the HTTP boundary: answers each response in turn, noting the clock at each call. */
function vendor(responses: (() => Response)[] = [() => Response.json({})]) {
  const calls: number[] = []
  const fetch = async () => {
    calls.push(Date.now())
    return (responses[Math.min(calls.length - 1, responses.length - 1)] as () => Response)()
  }
  return { calls, fetch: fetch as typeof globalThis.fetch }
}

/** A carrier declaring `budget` whose `track` makes one request to the vendor. */
const budgeted = (budget: CarrierBudget) =>
  defineCarrier({
    id: 'metered',
    capabilities: { track: true },
    limits: { budget },
    http: () => ({ baseUrl: 'https://metered.test', minDelayMs: 1, maxDelayMs: 2 }),
    setup: (_opts, { http }) => ({
      track: async () => {
        await http.request('/track')
        return []
      },
    }),
  })

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  )

afterEach(() => {
  vi.useRealTimers()
})

describe('carrier rate budget (limits.budget)', () => {
  it('used on its own, keeps the budget in memory and fails past it with CARRIER_RATE_LIMITED, sending nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = vendor()
    const carrier = budgeted({ requests: 2, perMs: 60_000, burst: 2, maxWaitMs: 1000 })(undefined, api)
    await carrier.track(['1'])
    await carrier.track(['2'])
    const err = await failure(carrier.track(['3']))
    expect(isWismoError(err, 'CARRIER_RATE_LIMITED')).toBe(true)
    // burst 2 of 2 per minute: the next token comes a whole minute later.
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 60_000 })
    expect(api.calls).toHaveLength(2)
  })

  it('waits for a token that is near, pacing requests at the budget', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = vendor()
    const carrier = budgeted({ requests: 3, perMs: 3000 })(undefined, api)
    const done = Promise.all([carrier.track(['1']), carrier.track(['2']), carrier.track(['3'])])
    await vi.runAllTimersAsync()
    await done
    const [first = 0, ...rest] = api.calls
    // burst 1: one token a second, so none is refused with a 30 s wait allowed.
    expect(rest.map((t) => t - first)).toEqual([1000, 2000])
  })

  it('counts retries against the budget', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = vendor([() => new Response(null, { status: 503 }), () => Response.json({})])
    const carrier = budgeted({ requests: 2, perMs: 60_000, burst: 2, maxWaitMs: 0 })(undefined, api)
    const first = carrier.track(['1'])
    await vi.runAllTimersAsync()
    await first
    expect(api.calls).toHaveLength(2)
    expect(isWismoError(await failure(carrier.track(['2'])), 'CARRIER_RATE_LIMITED')).toBe(true)
    expect(api.calls).toHaveLength(2)
  })

  it('is shared through the store by every instance using it, as processes on one database are', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = vendor()
    const store = memoryStore()
    const factory = budgeted({ requests: 3, perMs: 60_000, burst: 3, maxWaitMs: 0 })
    const [a, b] = [factory(undefined, api), factory(undefined, api)]
    createWismo({ store, carriers: [a] })
    createWismo({ store, carriers: [b] })
    const outcomes = []
    for (const carrier of [a, b, a, b, a, b]) outcomes.push(await failure(carrier.track(['1'])))
    expect(outcomes.map((e) => (e === null ? 'sent' : isWismoError(e) && e.code))).toEqual([
      'sent',
      'sent',
      'sent',
      'CARRIER_RATE_LIMITED',
      'CARRIER_RATE_LIMITED',
      'CARRIER_RATE_LIMITED',
    ])
    expect(api.calls).toHaveLength(3)
  })

  it('stays in memory with a store that has no token buckets (an adapter older than takeTokens)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const api = vendor()
    const { takeTokens: _none, ...older } = memoryStore()
    const carrier = budgeted({ requests: 1, perMs: 60_000, maxWaitMs: 0 })(undefined, api)
    createWismo({ store: older as never, carriers: [carrier] })
    await carrier.track(['1'])
    expect(isWismoError(await failure(carrier.track(['2'])), 'CARRIER_RATE_LIMITED')).toBe(true)
    expect(api.calls).toHaveLength(1)
  })

  it.each([
    [{ requests: 2, perMs: 1000, burst: 3 }, 'burst'],
    [{ requests: 0, perMs: 1000 }, 'requests'],
    [{ requests: 5, perMs: 0 }, 'perMs'],
  ])('refuses the budget %j with CONFIG_INVALID naming %s, when the carrier is defined', (budget, field) => {
    const err = (() => {
      try {
        budgeted(budget)
      } catch (e) {
        return e
      }
    })()
    expect(isWismoError(err, 'CONFIG_INVALID')).toBe(true)
    expect((err as Error).message).toContain(field)
  })
})
