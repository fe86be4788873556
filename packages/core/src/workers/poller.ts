import type { Carrier } from '../carrier/contract.ts'
import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import { isWismoError } from '../errors.ts'
import type { IngestResult } from '../ingest/ingest.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import { DEFAULT_EXPIRE_AFTER_MS, expiryUpdate, isUnscannedTooLong } from './expiry.ts'

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
  /**
   * A shipment still without any carrier scan this long after it was registered (default 30
   * days; `null`: never) is moved to `expired` after its poll, and polling stops.
   */
  expireAfterMs?: number | null
}

export interface PollReport {
  claimed: number
  tracked: number
  failed: number
  /** Shipments moved to `expired` for want of any scan (see `expireAfterMs`). */
  expired: number
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
 * A shipment that never got a scan is expired after `expireAfterMs`, which stops its polling.
 * @example await pollDue(ctx, { workerId: 'poller-1' })
 */
export async function pollDue(ctx: PollContext, options: PollOptions): Promise<PollReport> {
  const due = await ctx.store.claimDuePolls({
    workerId: options.workerId,
    limit: options.limit ?? 100,
    leaseMs: options.leaseMs ?? 120_000,
    now: ctx.now().toISOString(),
  })
  const report: PollReport = { claimed: due.length, tracked: 0, failed: 0, expired: 0 }
  for (const [carrierId, shipments] of groupBy(due, (s) => s.carrier)) {
    const carrier = ctx.carriers.get(carrierId)
    for (const batch of chunks(shipments, Math.max(1, carrier?.capabilities.batch ?? 1))) {
      const tracked = carrier ? await trackBatch(ctx, carrier, batch) : null
      const ok = tracked !== null
      report[ok ? 'tracked' : 'failed'] += batch.length
      for (const polled of batch) {
        const status = await finishPoll(ctx, options, polled, tracked?.get(polled.id) ?? polled, ok)
        if (status === 'expired' && polled.status !== 'expired') report.expired++
      }
    }
  }
  return report
}

/** Expire the shipment if it never got a scan, then schedule its next poll by the status it has now. */
async function finishPoll(
  ctx: PollContext,
  options: PollOptions,
  polled: Shipment,
  latest: Shipment,
  ok: boolean,
): Promise<Status> {
  const expireAfterMs = options.expireAfterMs === undefined ? DEFAULT_EXPIRE_AFTER_MS : options.expireAfterMs
  const { status } = await expireIfUnscanned(ctx, latest, expireAfterMs)
  const base = { ...DEFAULT_POLL_INTERVALS, ...options.intervals }[status] ?? null
  // A failed poll is retried sooner than the status's normal interval, never later.
  const wait = base === null ? null : ok ? base : Math.min(base, FAILED_POLL_RETRY_MS)
  const next = wait === null ? null : new Date(ctx.now().getTime() + wait).toISOString()
  await ctx.store
    .completePoll({ shipmentId: polled.id, workerId: options.workerId, nextPollAt: next })
    .catch((e) => {
      if (!isWismoError(e, 'STORE_LEASE_LOST')) throw e
    })
  return status
}

/**
 * Expire a shipment that never got a scan within `expireAfterMs`, through the normal ingest (so
 * history, outbox row and events agree). Returns the shipment as it now is; on failure, as it was.
 */
async function expireIfUnscanned(
  ctx: PollContext,
  shipment: Shipment,
  expireAfterMs: number | null,
): Promise<Shipment> {
  const now = ctx.now()
  if (expireAfterMs === null || !isUnscannedTooLong(shipment, now, expireAfterMs)) return shipment
  try {
    return (await ctx.ingest(expiryUpdate(shipment, now, expireAfterMs))).shipment ?? shipment
  } catch (error) {
    const code = isWismoError(error) ? error.code : 'UNKNOWN'
    ctx.log.warn({ shipmentId: shipment.id, code }, 'expiring an unscanned shipment failed')
    return shipment
  }
}

/** Track one batch and ingest the answers; the shipments the ingests left (by id), or null on failure. */
async function trackBatch(
  ctx: PollContext,
  carrier: Carrier,
  batch: readonly Shipment[],
): Promise<Map<string, Shipment> | null> {
  try {
    const updates = await carrier.track(batch.map((s) => s.trackingNumber))
    const shipments = new Map<string, Shipment>()
    for (const update of updates) {
      const { shipment } = await ctx.ingest({ ...update, source: 'poll' })
      if (shipment) shipments.set(shipment.id, shipment)
    }
    return shipments
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
