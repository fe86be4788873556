import { z } from 'zod'
import { parseOptions } from '../define/options.ts'
import { WismoError } from '../errors.ts'
import { memoryTokenBuckets } from '../store/token-buckets.ts'
import type { CarrierBudget, TokenBuckets } from './contract.ts'

/** The longest wait for a token inside one call unless the budget says otherwise. */
export const DEFAULT_BUDGET_WAIT_MS = 30_000

/** Validation of {@link CarrierBudget}, at `defineCarrier` time. */
export const CarrierBudgetSchema = z
  .object({
    requests: z.number().int().min(1),
    perMs: z.number().int().min(1),
    burst: z.number().int().min(1).optional(),
    maxWaitMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict()
  .refine((b) => (b.burst ?? 1) <= b.requests, { message: 'must not exceed requests', path: ['burst'] })

/**
 * The token bucket that keeps a budget: `burst` tokens, one more every `perMs / (requests - burst + 1)`
 * ms. Takes in any window of `perMs` ms then number at most `requests`: the first of them finds at
 * most `burst` tokens, and fewer than `requests - burst + 1` come back before the window ends.
 * @example budgetBucket({ requests: 60, perMs: 3_600_000 }) // { capacity: 1, refillPerMs: 60 / 3_600_000 }
 */
export function budgetBucket(budget: CarrierBudget): { capacity: number; refillPerMs: number } {
  const burst = budget.burst ?? 1
  return { capacity: burst, refillPerMs: (budget.requests - burst + 1) / budget.perMs }
}

/** What the HTTP client asks before each attempt; a carrier switches it to its instance's store. */
export interface BudgetGate {
  /** Resolve once a token is taken (waiting up to `maxWaitMs`), else throw `CARRIER_RATE_LIMITED`. */
  acquire(): Promise<void>
  /** Keep the budget in `buckets` (a store) from now on. */
  use(buckets: TokenBuckets): void
}

/**
 * The gate of one carrier's budget, in the bucket `carrier:<id>`. Until `use` is called it keeps
 * the budget in this process's memory. Time is the real clock (`Date.now`): the vendor counts
 * requests in real time, whatever clock a Wismo instance simulates.
 * @example
 * const gate = budgetGate('usps', { requests: 60, perMs: 3_600_000 })
 * await gate.acquire() // resolves at once, then about once a minute
 */
export function budgetGate(carrierId: string, input: CarrierBudget): BudgetGate {
  const budget = parseOptions(CarrierBudgetSchema, input, `carrier "${carrierId}" limits.budget`)
  const bucket = `carrier:${carrierId}`
  const { capacity, refillPerMs } = budgetBucket(budget)
  const maxWaitMs = budget.maxWaitMs ?? DEFAULT_BUDGET_WAIT_MS
  let buckets: TokenBuckets = memoryTokenBuckets()
  const take = () =>
    buckets.takeTokens({ bucket, capacity, refillPerMs, now: new Date(Date.now()).toISOString() })
  return {
    use: (next) => {
      buckets = next
    },
    async acquire() {
      // Waiters that lose the token to another taker try again; the total wait stays bounded.
      for (let waited = 0; ; ) {
        const grant = await take()
        if (grant.granted) return
        if (waited + grant.retryAfterMs > maxWaitMs) throw budgetSpent(carrierId, budget, grant.retryAfterMs)
        await new Promise((resolve) => setTimeout(resolve, grant.retryAfterMs))
        waited += grant.retryAfterMs
      }
    },
  }
}

function budgetSpent(carrierId: string, budget: CarrierBudget, retryAfterMs: number): WismoError {
  return new WismoError(
    'CARRIER_RATE_LIMITED',
    `carrier "${carrierId}" has spent its rate budget (${budget.requests} per ${budget.perMs} ms); next request in ${retryAfterMs} ms`,
    { retryAfterMs, details: { reason: 'budget', bucket: `carrier:${carrierId}`, retryAfterMs } },
  )
}
