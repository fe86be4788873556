import { isWismoError, WismoError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'

export interface LeaseKeeperOptions {
  store: WismoStore
  workerId: string
  leaseMs: number
  /** The injected clock (only a store without a database clock reads it). */
  now: () => Date
  /** `performance.now()` when the claim was sent: the leases are at least this fresh. */
  claimedAt: number
  log: Logger
}

/** Keeps the leases of one claimed batch alive while the dispatcher works through it. */
export interface LeaseKeeper {
  /**
   * Whether the row may be handed to the handler now: still held, and confirmed by the store
   * recently enough that most of a lease is left (renews first when the last renewal is older
   * than a third of a lease).
   */
  confirm(id: string): Promise<boolean>
  /** Aborted when the row's lease is lost or the dispatcher gives up on it. */
  signal(id: string): AbortSignal
  /** Whether a renewal found that this worker no longer holds the row. */
  isLost(id: string): boolean
  /** Stop renewing a row (recorded, or left to expire); `reason` aborts its signal. */
  release(id: string, reason?: unknown): void
  /** Stop renewing the batch and wait for a renewal in flight. */
  stop(): Promise<void>
}

/**
 * Renew the leases of `ids` every third of a lease until each is released, so a send that
 * outlives one lease is not handed to a second worker, and rows waiting behind it in the batch
 * keep theirs. A renewal that leaves a row out means the lease is lost: its signal is aborted
 * and it is renewed no more. Freshness is measured with `performance.now()`, which a wall-clock
 * step cannot move.
 * @example const keeper = keepLeases(rows.map((r) => r.id), { store, workerId, leaseMs, now, claimedAt, log })
 */
export function keepLeases(ids: readonly string[], options: LeaseKeeperOptions): LeaseKeeper {
  const held = new Map(ids.map((id) => [id, new AbortController()] as const))
  const signals = new Map([...held].map(([id, c]) => [id, c.signal] as const))
  const lost = new Set<string>()
  const every = Math.max(1, Math.floor(options.leaseMs / 3))
  let confirmedAt = options.claimedAt
  let inFlight: Promise<void> | null = null

  const release = (id: string, reason?: unknown) => {
    const controller = held.get(id)
    held.delete(id)
    if (reason !== undefined) controller?.abort(reason)
  }
  const renewHeld = async () => {
    const batch = [...held.keys()]
    if (batch.length === 0) return
    const started = performance.now()
    try {
      const kept = new Set(await renewal(options, batch))
      for (const id of batch) if (!kept.has(id) && held.has(id)) markLost(id)
      confirmedAt = started
    } catch (error) {
      const code = isWismoError(error) ? error.code : 'UNKNOWN'
      options.log.warn({ code, count: batch.length }, 'outbox lease renewal failed; trying again')
    }
  }
  const markLost = (id: string) => {
    lost.add(id)
    release(id, new WismoError('STORE_LEASE_LOST', `Outbox row ${id} is no longer leased by this worker`))
  }
  const renew = () => {
    inFlight ??= renewHeld().finally(() => {
      inFlight = null
    })
    return inFlight
  }
  const age = () => performance.now() - confirmedAt
  const timer = setInterval(() => void renew(), every)

  return {
    async confirm(id) {
      if (age() >= every) await renew()
      return held.has(id) && age() < options.leaseMs / 2
    },
    signal: (id) => signals.get(id) ?? AbortSignal.abort(),
    isLost: (id) => lost.has(id),
    release,
    async stop() {
      clearInterval(timer)
      held.clear()
      await inFlight
    },
  }
}

const renewal = (o: LeaseKeeperOptions, ids: string[]) =>
  o.store.renewOutboxLease({ ids, workerId: o.workerId, leaseMs: o.leaseMs, now: o.now().toISOString() })
