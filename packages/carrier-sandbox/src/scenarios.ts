import type { Status } from '@wismo/core'
import type { ScenarioName } from './options.ts'
import type { PhaseName } from './phases.ts'

/** A journey shape: the phases it runs through and the status it settles in. */
export interface Scenario {
  phases: readonly PhaseName[]
  /** Wismo status of the journey's last scan. */
  terminal: Status
}

/**
 * The journeys the sandbox simulates. Exceptions and failed attempts happen on the way and the
 * parcel is still delivered; a lost parcel ends in `exception` (sub-status `lost`).
 * @example SCENARIOS.returned.terminal // 'returned'
 */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  delivered: { phases: ['label', 'pickup', 'linehaul', 'deliver'], terminal: 'delivered' },
  failedAttempt: { phases: ['label', 'pickup', 'linehaul', 'failedAttempts'], terminal: 'delivered' },
  exception: { phases: ['label', 'pickup', 'linehaulWithException', 'deliver'], terminal: 'delivered' },
  returned: { phases: ['label', 'pickup', 'linehaul', 'refused', 'returnToSender'], terminal: 'returned' },
  lost: { phases: ['label', 'pickup', 'linehaulLost'], terminal: 'exception' },
}
