import { type Logger, noopLogger, redactingLogger } from '../logger.ts'
import { forwardingTelemetry, noopTelemetry, type Telemetry } from '../telemetry/telemetry.ts'
import { type BudgetGate, budgetGate } from './budget.ts'
import type { CarrierBudget, CarrierRuntime } from './contract.ts'

/** What `defineCarrier` hands the adapter and its HTTP client, and how an instance takes them over. */
export interface CarrierPlumbing {
  /** Forwards to the attached instance's logger, or the factory's until then; redacts the carrier's secrets. */
  log: Logger
  /** The budget's gate, when the carrier declares `limits.budget`. */
  budget: BudgetGate | undefined
  /** Forwards to the attached instance's telemetry; records nothing until then. */
  telemetry: Telemetry
  attach(runtime: CarrierRuntime & { telemetry?: Telemetry }): void
}

/**
 * The carrier's logger and budget, switchable: `setup` runs (and may keep `log`) before any
 * instance exists, so the carrier is given a logger that forwards to whichever is current.
 * @example const plumbing = carrierPlumbing({ id: 'ups', secrets, log: context.log })
 */
export function carrierPlumbing(input: {
  id: string
  secrets: readonly string[]
  log?: Logger | undefined
  budget?: CarrierBudget | undefined
}): CarrierPlumbing {
  let current = redactingLogger(input.log ?? noopLogger, { secrets: input.secrets })
  const log: Logger = {
    debug: (obj, msg) => current.debug(obj, msg),
    info: (obj, msg) => current.info(obj, msg),
    warn: (obj, msg) => current.warn(obj, msg),
    error: (obj, msg) => current.error(obj, msg),
  }
  const budget = input.budget ? budgetGate(input.id, input.budget) : undefined
  let telemetry = noopTelemetry
  return {
    log,
    budget,
    telemetry: forwardingTelemetry(() => telemetry),
    attach(runtime) {
      current = redactingLogger(runtime.log, { secrets: input.secrets })
      telemetry = runtime.telemetry ?? noopTelemetry
      if (runtime.budget) budget?.use(runtime.budget)
    },
  }
}
