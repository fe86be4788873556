import type { CarrierBreakers } from '../carrier/breaker.ts'
import type { Carrier } from '../carrier/contract.ts'
import { subscriptionDue } from '../carrier/subscribe.ts'
import type { Shipment, TrackingUpdate } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import { timeKey } from '../domain/time.ts'
import { isWismoError } from '../errors.ts'
import type { IngestResult } from '../ingest/ingest.ts'
import type { Logger } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import type { Telemetry } from '../telemetry/telemetry.ts'
import { DEFAULT_EXPIRE_AFTER_MS, expiryUpdate, isUnscannedTooLong } from './expiry.ts'
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollSchedule } from './schedule.ts'

/**
 * Fixed intervals by status (ms; `null` stops polling), used when `pollDue` is given `intervals`.
 * Without them the adaptive schedule ({@link DEFAULT_POLL_SCHEDULE}) decides.
 */
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
  /** Aborted: track no further batch of this pass (the one in hand finishes). */
  signal?: AbortSignal
  limit?: number
  leaseMs?: number
  /** Poll on fixed intervals by status instead of the adaptive schedule (merged over `DEFAULT_POLL_INTERVALS`). */
  intervals?: Partial<Record<Status, number | null>>
  /** Settings of the adaptive schedule (merged over `DEFAULT_POLL_SCHEDULE`). */
  schedule?: Partial<PollSchedule>
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
  /** Circuit breakers per carrier; without them every call goes through. */
  breakers?: CarrierBreakers
  /** Renew a shipment's push subscription when it ends soon (see `subscriptionDue`). */
  resubscribe?: (shipment: Shipment) => Promise<void>
  /** Adapters that can track a carrier's numbers while its breaker is open (carrier id → ids). */
  failover?: Readonly<Record<string, readonly string[]>>
  ingest: (update: TrackingUpdate) => Promise<IngestResult>
  now: () => Date
  log: Logger
  /** Records `wismo.poll.lag`; nothing without it. */
  telemetry?: Telemetry
}

/**
 * Claim the shipments whose poll is due, ask each carrier in batches, ingest the answers and
 * schedule the next poll. Many workers can run it at once: each due shipment is leased to one.
 * A shipment that never got a scan is expired after `expireAfterMs`, which stops its polling.
 * @example await pollDue(ctx, { workerId: 'poller-1' })
 */
export async function pollDue(ctx: PollContext, options: PollOptions): Promise<PollReport> {
  const claimedAt = ctx.now()
  const claimed = await ctx.store.claimDuePolls({
    workerId: options.workerId,
    limit: options.limit ?? 100,
    leaseMs: options.leaseMs ?? 120_000,
    now: claimedAt.toISOString(),
  })
  const due = claimed.map(({ pollDueAt, ...shipment }) => {
    const dueMs = pollDueAt === undefined ? Number.NaN : Date.parse(pollDueAt)
    if (!Number.isNaN(dueMs)) ctx.telemetry?.record.pollLag(claimedAt.getTime() - dueMs, shipment.carrier)
    return shipment
  })
  const report: PollReport = { claimed: due.length, tracked: 0, failed: 0, expired: 0 }
  for (const [carrierId, shipments] of groupBy(due, (s) => s.carrier)) {
    const carrier = ctx.carriers.get(carrierId)
    const pushes = carrier?.capabilities.webhooks ?? false
    for (const batch of chunks(shipments, Math.max(1, carrier?.capabilities.batch ?? 1))) {
      // Stopping: the polls not reached stay leased until given back (`wismo.stop`) or expired.
      if (options.signal?.aborted) return report
      const tracked = carrier ? await trackBatch(ctx, carrier, batch) : null
      const ok = tracked !== null
      report[ok ? 'tracked' : 'failed'] += batch.length
      for (const polled of batch) {
        const answer = tracked?.get(polled.id)
        const latest = answer?.shipment ?? polled
        const poll = { ok, pushes, atDestination: answer?.atDestination ?? false }
        const status = await finishPoll(ctx, options, polled, latest, poll)
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
  poll: PollOutcome,
): Promise<Status> {
  const expireAfterMs = options.expireAfterMs === undefined ? DEFAULT_EXPIRE_AFTER_MS : options.expireAfterMs
  const shipment = await expireIfUnscanned(ctx, latest, expireAfterMs)
  if (ctx.resubscribe && subscriptionDue(shipment, ctx.now())) await ctx.resubscribe(shipment)
  const wait = waitFor(ctx, options, shipment, poll)
  const { status } = shipment
  const next = wait === null ? null : new Date(ctx.now().getTime() + wait).toISOString()
  await ctx.store
    .completePoll({ shipmentId: polled.id, workerId: options.workerId, nextPollAt: next })
    .catch((e) => {
      if (!isWismoError(e, 'STORE_LEASE_LOST')) throw e
    })
  return status
}

/** The delay before the next poll: fixed intervals when the caller gave some, else the adaptive schedule. */
function waitFor(
  ctx: PollContext,
  options: PollOptions,
  shipment: Shipment,
  poll: PollOutcome,
): number | null {
  if (options.intervals) {
    const base = { ...DEFAULT_POLL_INTERVALS, ...options.intervals }[shipment.status] ?? null
    // A failed poll is retried sooner than the status's normal interval, never later.
    return base === null ? null : poll.ok ? base : Math.min(base, FAILED_POLL_RETRY_MS)
  }
  return nextPollDelay(
    {
      status: shipment.status,
      etaDate: shipment.eta?.best?.date ?? null,
      lastEventAt: shipment.lastEventAt,
      pushes: poll.pushes,
      atDestination: poll.atDestination,
      failed: !poll.ok,
      now: ctx.now(),
    },
    { ...DEFAULT_POLL_SCHEDULE, ...options.schedule },
  )
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

/** What one poll learned about a shipment, for its schedule. */
interface PollOutcome {
  ok: boolean
  pushes: boolean
  atDestination: boolean
}

/** A shipment as an ingest left it, and whether its carrier's latest scan is at its destination. */
interface Tracked {
  shipment: Shipment
  atDestination: boolean
}

/** Track one batch and ingest the answers; what the ingests left (by shipment id), or null on failure. */
async function trackBatch(
  ctx: PollContext,
  carrier: Carrier,
  batch: readonly Shipment[],
): Promise<Map<string, Tracked> | null> {
  try {
    const updates = await trackThrough(
      ctx,
      carrier,
      batch.map((s) => s.trackingNumber),
    )
    const shipments = new Map<string, Tracked>()
    for (const update of updates) {
      const { shipment } = await ctx.ingest({ ...update, source: 'poll' })
      if (shipment) shipments.set(shipment.id, { shipment, atDestination: atDestination(shipment, update) })
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

/**
 * `carrier.track` through its breaker. While the breaker is open, the numbers are tracked through
 * the first failover adapter that answers; its updates are filed under the shipment's own carrier
 * (and without the failover's own shipment ids, which name another service's trackers).
 */
async function trackThrough(
  ctx: PollContext,
  carrier: Carrier,
  numbers: string[],
): Promise<TrackingUpdate[]> {
  const run = (c: Carrier) =>
    ctx.breakers ? ctx.breakers.run(c.id, () => c.track(numbers)) : c.track(numbers)
  try {
    return await run(carrier)
  } catch (error) {
    if (ctx.breakers?.state(carrier.id) !== 'open') throw error
    for (const id of ctx.failover?.[carrier.id] ?? []) {
      const backup = ctx.carriers.get(id)
      if (!backup || ctx.breakers.state(id) === 'open') continue
      const updates = await run(backup).catch(() => null)
      if (!updates) continue
      ctx.log.info({ carrier: carrier.id, via: id, count: numbers.length }, 'tracked through failover')
      return updates.map(({ carrierShipmentId: _theirs, ...u }) => ({ ...u, carrier: carrier.id, via: id }))
    }
    throw error
  }
}

/** Whether the update's latest scan is at the shipment's destination (same postal code, or city and country). */
function atDestination(shipment: Shipment, update: TrackingUpdate): boolean {
  const to = shipment.destination
  const latest = [...update.events].sort((a, b) => timeKey(a.occurredAt) - timeKey(b.occurredAt)).at(-1)
  const at = latest?.location
  if (!to || !at) return false
  const same = (a?: string, b?: string) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase()
  return same(at.postalCode, to.postalCode) || (same(at.city, to.city) && same(at.country, to.country))
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
