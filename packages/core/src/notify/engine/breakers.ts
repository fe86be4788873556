import { breakerPolicies } from '../../carrier/breaker.ts'
import { isWismoError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'

/** A provider's breaker: a call through it. */
export interface ProviderBreaker {
  run<T>(call: () => Promise<T>): Promise<T>
}

export interface NotifierLookup {
  breaker(providerId: string): ProviderBreaker
}

/** Failures that say the provider is in trouble: retryable coded errors and anything uncoded. */
const counts = (e: unknown) => !isWismoError(e) || e.retryable || e.code === 'NOTIFY_FAILED'

/**
 * One circuit breaker per provider (see `breakerPolicies`). A refused message or an opted-out
 * recipient is not the provider failing. While open, `run` fails at once with cockatiel's
 * `BrokenCircuitError`; after the pause it lets one probe through.
 */
export function providerBreakers(
  options: { failures?: number; halfOpenAfterMs?: number },
  log: Logger,
): NotifierLookup {
  const { policy } = breakerPolicies(options, counts, {
    onBreak: (id) => log.warn({ provider: id }, 'notifier breaker opened: the next provider takes over'),
    onReset: (id) => log.info({ provider: id }, 'notifier breaker closed again'),
  })
  return {
    breaker: (id) => ({ run: (call) => policy(id).execute(call) }),
  }
}
