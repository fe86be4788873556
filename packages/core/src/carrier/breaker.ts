import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel'
import { isWismoError, WismoError } from '../errors.ts'
import type { Logger } from '../logger.ts'

/** How long an open breaker pauses calls before it lets one probe through, unless told otherwise. */
export const DEFAULT_HALF_OPEN_MS = 60_000

/** When a carrier account's breaker opens and when it tries again. */
export interface BreakerOptions {
  /** Consecutive failed calls that open the breaker (default 5). */
  failures?: number
  /** How long it stays open before one probe call is let through (default 60 s). */
  halfOpenAfterMs?: number
}

export type BreakerState = 'closed' | 'open' | 'half_open'

/** One circuit breaker per carrier instance (account), shared by every poll of this process. */
export interface CarrierBreakers {
  /**
   * Run a call to carrier `id` through its breaker. While the breaker is open it fails at once
   * with `CARRIER_UNAVAILABLE` (`details.breaker: 'open'`), without calling the carrier.
   */
  run<T>(id: string, call: () => Promise<T>): Promise<T>
  state(id: string): BreakerState
}

/**
 * Failures that say the carrier is in trouble: retryable coded errors and anything uncoded. Our
 * own rate budget saying "not yet" (`details.reason: 'budget'`) is not the carrier failing.
 */
const counts = (e: unknown) => {
  if (!isWismoError(e)) return true
  if ((e.details as { reason?: string } | undefined)?.reason === 'budget') return false
  return e.retryable || e.code === 'CARRIER_FAILED'
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
}

/**
 * One cockatiel breaker per id, made on first use: opens after `failures` consecutive calls that
 * `counts`, lets one probe through after `halfOpenAfterMs`, closes on its success. Shared by the
 * carriers' and the notifiers' breakers.
 */
export function breakerPolicies(
  options: BreakerOptions,
  counts: (error: unknown) => boolean,
  events: { onBreak: (id: string) => void; onReset: (id: string) => void },
) {
  const policies = new Map<string, CircuitBreakerPolicy>()
  const policy = (id: string) => {
    let p = policies.get(id)
    if (!p) {
      p = circuitBreaker(handleWhen(counts), {
        halfOpenAfter: options.halfOpenAfterMs ?? DEFAULT_HALF_OPEN_MS,
        breaker: new ConsecutiveBreaker(options.failures ?? 5),
      })
      p.onBreak(() => events.onBreak(id))
      p.onReset(() => events.onReset(id))
      policies.set(id, p)
    }
    return p
  }
  return { policy, state: (id: string): BreakerState => STATES[policy(id).state] }
}

/**
 * Circuit breakers per carrier (cockatiel): open after repeated failures, a half-open probe after
 * a pause, closed again on success. A carrier's "not found" or refused input does not count.
 * @example
 * const breakers = carrierBreakers({ failures: 5, halfOpenAfterMs: 60_000 }, log)
 * const updates = await breakers.run('ups', () => ups.track(numbers))
 */
export function carrierBreakers(options: BreakerOptions = {}, log?: Logger): CarrierBreakers {
  const { policy, state } = breakerPolicies(options, counts, {
    onBreak: (id) => log?.warn({ carrier: id }, 'carrier breaker opened: calls paused'),
    onReset: (id) => log?.info({ carrier: id }, 'carrier breaker closed again'),
  })
  return {
    async run(id, call) {
      try {
        return await policy(id).execute(call)
      } catch (e) {
        if (!(e instanceof BrokenCircuitError)) throw e
        throw new WismoError('CARRIER_UNAVAILABLE', `carrier "${id}" is paused after repeated failures`, {
          details: { carrier: id, breaker: 'open' },
        })
      }
    },
    state,
  }
}
