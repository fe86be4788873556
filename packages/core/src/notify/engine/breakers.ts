import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel'
import { isWismoError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'

/** A provider's breaker: its state, and a call through it. */
export interface ProviderBreaker {
  readonly state: 'closed' | 'open' | 'half_open'
  run<T>(call: () => Promise<T>): Promise<T>
}

export interface NotifierLookup {
  breaker(providerId: string): ProviderBreaker
}

/** Failures that say the provider is in trouble: retryable coded errors and anything uncoded. */
const counts = (e: unknown) => !isWismoError(e) || e.retryable || e.code === 'NOTIFY_FAILED'

const STATES = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
} as const

/**
 * One circuit breaker per provider (cockatiel): opens after `failures` consecutive failures,
 * lets one probe through after `halfOpenAfterMs`, closes on success. A refused message or an
 * opted-out recipient is not the provider failing.
 */
export function providerBreakers(
  options: { failures?: number; halfOpenAfterMs?: number },
  log: Logger,
): NotifierLookup {
  const policies = new Map<string, CircuitBreakerPolicy>()
  const policy = (id: string) => {
    let p = policies.get(id)
    if (!p) {
      p = circuitBreaker(handleWhen(counts), {
        halfOpenAfter: options.halfOpenAfterMs ?? 60_000,
        breaker: new ConsecutiveBreaker(options.failures ?? 5),
      })
      p.onBreak(() => log.warn({ provider: id }, 'notifier breaker opened: the next provider takes over'))
      p.onReset(() => log.info({ provider: id }, 'notifier breaker closed again'))
      policies.set(id, p)
    }
    return p
  }
  return {
    breaker: (id) => ({
      get state() {
        return STATES[policy(id).state]
      },
      run: (call) => policy(id).execute(call),
    }),
  }
}
