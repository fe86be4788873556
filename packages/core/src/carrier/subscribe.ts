import pRetry from 'p-retry'
import type { Shipment } from '../domain/schemas.ts'
import { isWismoError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { Carrier } from './contract.ts'

/** Metadata key where Wismo keeps when a shipment's push subscription ends (ISO instant). */
export const PUSH_UNTIL_KEY = 'wismo.push_until'

/** Re-subscribe this long before a subscription ends (UPS Track Alert lasts 14 days). */
export const RESUBSCRIBE_BEFORE_MS = 2 * 86_400_000

/** What a carrier's `register` may answer: when its push subscription ends, if it does. */
export interface PushSubscription {
  expiresAt?: string | null
}

/**
 * Ask the carrier to push updates for a shipment (`carrier.register`), retrying failures with
 * backoff. Never throws: a carrier that keeps refusing is logged and the shipment is polled as
 * before. Returns when the subscription ends, or `null` when unknown or it failed.
 * @example const until = await subscribePush(ups, shipment, log) // '2026-03-23T10:00:00.000Z'
 */
export async function subscribePush(
  carrier: Carrier,
  shipment: Shipment,
  log: Logger,
  retries = 3,
): Promise<string | null> {
  const register = carrier.register
  if (!carrier.capabilities.register || !register) return null
  try {
    const answer: PushSubscription | undefined | void = await pRetry(() => register.call(carrier, shipment), {
      retries,
      minTimeout: 500,
      maxTimeout: 10_000,
      shouldRetry: ({ error }) => !isWismoError(error) || error.retryable,
    })
    const until = answer?.expiresAt
    return until && !Number.isNaN(Date.parse(until)) ? new Date(until).toISOString() : null
  } catch (error) {
    const code = isWismoError(error) ? error.code : 'UNKNOWN'
    log.warn(
      { carrier: carrier.id, shipmentId: shipment.id, code },
      'push subscription failed; polling instead',
    )
    return null
  }
}

/** Whether a shipment's push subscription ends soon enough to renew it now. */
export function subscriptionDue(shipment: Shipment, now: Date): boolean {
  const until = shipment.metadata[PUSH_UNTIL_KEY]
  return until !== undefined && Date.parse(until) - now.getTime() <= RESUBSCRIBE_BEFORE_MS
}
