import type { Wismo } from '@wismo/core'
import { MOUNT_TEST_CARRIER } from './carrier.ts'

/**
 * Body limits of the Wismo instance the suite mounts. The whole-body deadline is far above what a
 * loopback delivery takes and far below a slow-drip sender's patience.
 */
export const MOUNT_TEST_LIMITS = { maxBodyBytes: 4096, bodyIdleTimeoutMs: 2000, bodyTimeoutMs: 3000 } as const

export interface MountHarness {
  wismo: () => Wismo
  /** URL of the carrier's route: `<base>/<carrier>`. */
  route: (carrier?: string) => string
  test: (name: string, fn: () => Promise<void>, timeoutMs?: number) => void
}

let sequence = 0

/** A fresh tracking number per test, so tests on one Wismo instance never meet. */
export const trackingNumber = () => `MT${Date.now().toString(36).toUpperCase()}${++sequence}`

export const json = { 'content-type': 'application/json' }

/** The stored status of `number`, or null when the delivery left nothing behind. */
export const stored = async (h: MountHarness, number: string) =>
  (await h.wismo().findShipment(MOUNT_TEST_CARRIER, number))?.shipment.status ?? null
