import type { Carrier } from '../carrier/contract.ts'
import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import { isWismoError } from '../errors.ts'
import type { IngestResult } from '../ingest/ingest.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'

/** How long to wait before polling again, by status (ms); `null` stops polling. Data, overridable. */
export const DEFAULT_POLL_INTERVALS: Readonly<Record<Status, number | null>> = {
  pending: 2 * 3_600_000,
  info_received: 6 * 3_600_000,
  in_transit: 4 * 3_600_000,
  out_for_delivery: 3_600_000,
  attempt_failed: 2 * 3_600_000,
  available_for_pickup: 6 * 3_600_000,
  exception: 2 * 3_600_000,
  delivered: null,
  returned: null,
  cancelled: null,
  expired: null,
}

const FAILED_POLL_RETRY_MS = 15 * 60_000

export interface PollOptions {
  workerId: string
  limit?: number
  leaseMs?: number
  intervals?: Partial<Record<Status, number | null>>
}

export interface PollReport {
  claimed: number
  tracked: number
  failed: number
}

interface PollContext {
  store: WismoStore
  carriers: ReadonlyMap<string, Carrier>
  ingest: (update: TrackingUpdate) => Promise<IngestResult>
  now: () => Date
  log: Logger
}

/**
 * Claim the shipments whose poll is due, ask each carrier in batches, ingest the answers and
 * schedule the next poll. Many workers can run it at once: each due shipment is leased to one.
 * @example await pollDue(ctx, { workerId: 'poller-1' })
 */
export async function pollDue(ctx: PollContext, options: PollOptions): Promise<PollReport> {
  const intervals = { ...DEFAULT_POLL_INTERVALS, ...options.intervals }
  const due = await ctx.store.claimDuePolls({
    workerId: options.workerId,
    limit: options.limit ?? 100,
    leaseMs: options.leaseMs ?? 120_000,
    now: ctx.now().toISOString(),
  })
  const report: PollReport = { claimed: due.length, tracked: 0, failed: 0 }
  for (const [carrierId, shipments] of groupBy(due, (s) => s.carrier)) {
    const carrier = ctx.carriers.get(carrierId)
    for (const batch of chunks(shipments, Math.max(1, carrier?.capabilities.batch ?? 1))) {
      const statuses = carrier ? await trackBatch(ctx, carrier, batch) : null
      const ok = statuses !== null
      report[ok ? 'tracked' : 'failed'] += batch.length
      for (const s of batch) {
        const base = intervals[statuses?.get(s.id) ?? s.status] ?? null
        // A failed poll is retried sooner than the status's normal interval, never later.
        const wait = base === null ? null : ok ? base : Math.min(base, FAILED_POLL_RETRY_MS)
        const next = wait === null ? null : new Date(ctx.now().getTime() + wait).toISOString()
        await ctx.store
          .completePoll({ shipmentId: s.id, workerId: options.workerId, nextPollAt: next })
          .catch((e) => {
            if (!isWismoError(e, 'STORE_LEASE_LOST')) throw e
          })
      }
    }
  }
  return report
}

/** Track one batch and ingest the answers; the status each ingest left (by shipment id), or null on failure. */
async function trackBatch(
  ctx: PollContext,
  carrier: Carrier,
  batch: readonly Shipment[],
): Promise<Map<string, Status> | null> {
  try {
    const updates = await carrier.track(batch.map((s) => s.trackingNumber))
    const statuses = new Map<string, Status>()
    for (const update of updates) {
      const { shipment } = await ctx.ingest({ ...update, source: 'poll' })
      if (shipment) statuses.set(shipment.id, shipment.status)
    }
    return statuses
  } catch (error) {
    ctx.log.warn(
      { carrier: carrier.id, count: batch.length, code: isWismoError(error) ? error.code : 'UNKNOWN' },
      'poll failed',
    )
    return null
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item])
  return out
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  )
}
