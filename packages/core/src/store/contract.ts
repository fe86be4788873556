import type { Feedback, NotificationPreferences, Order, Shipment, TrackingEvent } from '../domain/schemas.ts'
import type { Status } from '../domain/status.ts'
import type { DeliveredRecord } from '../eta/types.ts'
import type { LabelClaim, LabelClaimResult, LabelRequest, LabelSave } from './label-requests.ts'
import type { ArchivePrune, ArchivePruned, OutboxLogEntry, RawPayload, RawPayloadInput } from './ops.ts'

/** One page of a listing; pass `nextCursor` back to get the next page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** A row to put in the outbox; the idempotency key makes enqueueing it twice a no-op. */
export interface OutboxRowInput {
  idempotencyKey: string
  shipmentId: string | null
  topic: string
  payload: Record<string, unknown>
  /** Not claimable before this instant (defaults to now). */
  availableAt?: string
}

export type OutboxState = 'pending' | 'done' | 'dead'

/** An outbox row as stored. A row is leased while `leaseUntil` is in the future. */
export interface OutboxRow {
  id: string
  idempotencyKey: string
  shipmentId: string | null
  topic: string
  payload: Record<string, unknown>
  state: OutboxState
  attempts: number
  availableAt: string
  leaseOwner: string | null
  leaseUntil: string | null
  lastError: string | null
  providerMessageId: string | null
  createdAt: string
  completedAt: string | null
}

/**
 * Everything one ingest writes, applied atomically: the shipment (checked against
 * `expectedVersion`, or created when it is null), the new events (a dedup key already stored for
 * the shipment is skipped), outbox rows (an idempotency key already present is skipped), the next
 * poll time and, once delivered, the delivery record the ETA model learns from.
 */
export interface ShipmentWrite {
  shipment: Shipment
  expectedVersion: number | null
  events: readonly TrackingEvent[]
  outbox: readonly OutboxRowInput[]
  /** `undefined` leaves the poll schedule alone; `null` stops polling. */
  nextPollAt?: string | null
  /** The shipment's delivery record, replaced whole; `null` removes it; `undefined` leaves it. */
  delivery?: DeliveredRecord | null
}

export interface CommitResult {
  shipment: Shipment
  /** Dedup keys of the events that were new. */
  insertedEventKeys: string[]
  /** Idempotency keys of the outbox rows that were new. */
  enqueuedKeys: string[]
}

/**
 * Options of the leased claims (`claimOutbox`, `claimDuePolls`). Two clocks are involved: `now`
 * (the injected clock) decides what is due; lease expiry is decided by the database's clock in
 * the SQL stores, because the processes sharing a database may disagree about the time. The
 * memory store (one process) uses `now` for both.
 */
export interface ClaimOptions {
  workerId: string
  limit: number
  /** Lease length, counted from the database's clock (SQL stores) or `now` (memory store). */
  leaseMs: number
  /** The caller's (injected) clock: rows available and polls due at or before it are claimable. */
  now: string
}

/** Options of `claimOutbox`. */
export interface OutboxClaimOptions extends ClaimOptions {
  /**
   * Attempts are counted at claim. A claimable row already handed out this many times (its last
   * holder stopped or stalled past its lease without recording an outcome) is marked `dead`, with
   * a `lastError` saying so, instead of being handed out again. Omitted: no limit.
   */
  maxAttempts?: number
  /**
   * Only rows whose topic starts with this (`'notify.'`: the notification engine's messages), or
   * with `exclude`, only rows whose topic does not. Burying by `maxAttempts` follows the same filter.
   */
  topics?: { prefix: string; exclude?: boolean }
}

/** What `renewOutboxLease` takes. */
export interface OutboxLeaseRenewal {
  ids: readonly string[]
  workerId: string
  /** The new lease length, counted from now (the database's clock in SQL stores). */
  leaseMs: number
  /** The caller's (injected) clock; only a store without a database clock (memory) reads it. */
  now: string
}

/** What `releaseLeases` takes. */
export interface LeaseRelease {
  /** The worker giving back what it holds (the id it claimed with). */
  workerId: string
  /** The caller's (injected) clock. Releasing does not depend on it: a worker's own leases are given back whether or not they already ran out. */
  now: string
}

/** What `releaseLeases` gave back. */
export interface ReleasedLeases {
  /** Outbox rows, still pending, that were leased to the worker. */
  outbox: number
  /** Shipment polls that were leased to the worker. */
  polls: number
}

/** What `outboxStats` takes. */
export interface OutboxStatsQuery {
  /** The caller's (injected) clock: rows available at or before it count towards the age. */
  now: string
  /** Only rows of these topics, as in {@link OutboxClaimOptions.topics}. Omitted: every topic. */
  topics?: { prefix: string; exclude?: boolean }
}

/** The outbox's backlog, for health checks and metrics. */
export interface OutboxStats {
  /** Pending rows (leased or not, available now or later) passing the topic filter. */
  depth: number
  /** The earliest `availableAt` of the pending rows already available (`<= now`); `null` when none. */
  oldestAvailableAt: string | null
  /** `now - oldestAvailableAt` in milliseconds; 0 when nothing pending is available yet. */
  oldestAgeMs: number
}

/**
 * What `takeTokens` takes: one token from a named token bucket. A bucket holds at most `capacity`
 * tokens, gains `refillPerMs` tokens per millisecond, and starts full the first time it is named.
 * `capacity` and `refillPerMs` come with every call (the carrier declares them), so a changed
 * declaration applies from the next take.
 */
export interface TokenRequest {
  /** The bucket's name, e.g. `carrier:usps`; every process naming it on one store shares it. */
  bucket: string
  /** Most tokens the bucket holds: the burst allowed after a quiet spell. At least 1. */
  capacity: number
  /** Tokens gained per millisecond, e.g. `60 / 3_600_000` for 60 an hour. Positive. */
  refillPerMs: number
  /**
   * The caller's clock (ISO instant), not the database's: a bucket measures elapsed time between
   * takes, and an injected clock lets tests drive it. A process whose clock runs `s` ms ahead of
   * the others can be granted at most `s × refillPerMs` tokens early; the bucket keeps the latest
   * instant it has seen, so a clock that lags earns nothing until it catches up.
   */
  now: string
}

/** What `takeTokens` answers. */
export interface TokenGrant {
  granted: boolean
  /** Not granted: milliseconds (at least 1) until the bucket holds a token, if nobody takes it first. 0 when granted. */
  retryAfterMs: number
}

/** What `listFeedback` takes: feedback by `updatedAt` (then shipment id), oldest first. */
export interface FeedbackQuery {
  /** Only feedback updated at or after this ISO instant. */
  since?: string
  /** Page size, 1..1000 (default 100). */
  limit?: number
  cursor?: string | null
}

/** A shipment claimed for polling, with the time its poll was due. */
export type DuePoll = Shipment & { pollDueAt?: string }

export interface ShipmentQuery {
  orderId?: string
  status?: readonly Status[]
  limit?: number
  cursor?: string | null
}

/**
 * The store contract. Every method is atomic on its own; `commit` is the one multi-row write.
 * Adapters: `memoryStore()` (core), `sqliteStore()`, `postgresStore()`; all pass
 * `@wismo/testing/store`.
 */
export interface WismoStore {
  readonly id: string
  putOrder(order: Order): Promise<Order>
  getOrder(id: string): Promise<Order | null>
  getShipment(id: string): Promise<Shipment | null>
  /**
   * The shipment a carrier + tracking number (+ the carrier's own id) names, by the identity rule:
   * carrier + normalized tracking number identify a parcel; the carrier's shipment id is adopted
   * when first seen and only tells apart parcels that reuse a number.
   * - With `carrierShipmentId`: the shipment holding that id, else the one with that number and
   *   no id yet (the caller adopts the id), else `null` (a new parcel reusing the number).
   * - Without it: the one live (non-terminal) parcel with that number, newest first; when every
   *   parcel with that number has settled, the newest of them.
   * `trackingNumber` is compared as given: callers pass it normalized (`normalizeTrackingNumber`).
   */
  findShipment(key: {
    carrier: string
    trackingNumber: string
    carrierShipmentId?: string | null
  }): Promise<Shipment | null>
  listShipments(query: ShipmentQuery): Promise<Page<Shipment>>
  /**
   * Throws `STORE_CONFLICT` when the stored version differs, `STORE_DUPLICATE` when creating a
   * shipment the identity rule says exists: one without a carrier id when any shipment has that
   * carrier + number, or one with a carrier id when a shipment has that id or has that number and
   * no id. Creating with an id new to a number whose parcels all have other ids starts a new parcel.
   * Atomic against concurrent creators of one number (exactly one wins).
   */
  commit(write: ShipmentWrite): Promise<CommitResult>
  /** Events of a shipment ordered by `occurredAt` (then dedup key). */
  listEvents(
    shipmentId: string,
    page?: { limit?: number; cursor?: string | null },
  ): Promise<Page<TrackingEvent>>
  /**
   * Add rows (a known idempotency key is skipped); returns the keys added. `now` is the injected
   * clock: each row's `createdAt`, and its `availableAt` unless the row gives one.
   */
  enqueue(rows: readonly OutboxRowInput[], options: { now: string }): Promise<string[]>
  /** Lease up to `limit` available rows to `workerId`, oldest first; each claim counts an attempt. */
  claimOutbox(options: OutboxClaimOptions): Promise<OutboxRow[]>
  /**
   * Extend the leases `workerId` still holds (row pending, lease unexpired) to `leaseMs` from
   * now; returns the ids renewed, in input order. An id left out is lost: stop working on it.
   */
  renewOutboxLease(input: OutboxLeaseRenewal): Promise<string[]>
  /**
   * Throws `STORE_LEASE_LOST` when `workerId` no longer holds the row (its lease expired, by the
   * database's clock in SQL stores, or another worker holds it now).
   */
  completeOutbox(input: {
    id: string
    workerId: string
    providerMessageId?: string | null
    now: string
  }): Promise<void>
  /**
   * `retryAt: null` marks the row dead. Throws `STORE_LEASE_LOST` like `completeOutbox`.
   * `countAttempt: false` (with a `retryAt`) says this hand-out tried nothing: no provider was
   * called (every one paused by its circuit breaker, or quiet hours). The claim's attempt is then
   * taken back (`attempts` goes down by one), so waiting does not use up `maxAttempts`. Default `true`.
   * @example
   * await store.failOutbox({ id, workerId, error: 'deferred: quiet hours', retryAt, now, countAttempt: false })
   */
  failOutbox(input: {
    id: string
    workerId: string
    error: string
    retryAt: string | null
    now: string
    countAttempt?: boolean
  }): Promise<void>
  /**
   * Record a note on a row `workerId` holds, keeping the lease (e.g. "attempt 2: calling twilio"
   * before a provider call, so the next holder knows an outcome was left unknown). The note is
   * the row's `lastError` until the next note or failure. Throws `STORE_LEASE_LOST` like `completeOutbox`.
   */
  noteOutbox(input: { id: string; workerId: string; note: string; now: string }): Promise<void>
  listOutbox(query: { shipmentId?: string; state?: OutboxState; limit?: number }): Promise<OutboxRow[]>
  schedulePoll(shipmentId: string, at: string | null): Promise<void>
  /**
   * Lease the shipments whose poll is due by `now`, earliest due first. Each carries `pollDueAt`,
   * the time its poll was scheduled for (the `wismo.poll.lag` metric).
   */
  claimDuePolls(options: ClaimOptions): Promise<DuePoll[]>
  /** Releases the lease and sets the next poll (or stops polling with `null`). */
  completePoll(input: { shipmentId: string; workerId: string; nextPollAt: string | null }): Promise<void>
  /**
   * Give back, at once, every lease `workerId` holds, so another worker may take the work now
   * instead of waiting for the leases to run out (a worker stopping cleanly calls it last).
   * - Outbox rows still `pending` and leased to it become claimable at once: lease owner and
   *   expiry cleared; `attempts` and `lastError` kept, so a note such as "attempt 2: calling
   *   twilio" tells the next holder an outcome may be unknown.
   * - Polls leased to it lose their lease; their due time is unchanged.
   *
   * Unconditional for the worker's own leases (expired or not, by whatever clock); rows of other
   * workers and rows already `done` or `dead` are untouched. Label-request leases are NOT
   * released: a label purchase in flight keeps its lease, so a retry cannot buy a second label
   * before the first purchase's outcome is known. Returns how many of each were released.
   * @example
   * const { outbox, polls } = await store.releaseLeases({ workerId: 'web-1', now: new Date().toISOString() })
   */
  releaseLeases(input: LeaseRelease): Promise<ReleasedLeases>
  /**
   * The outbox's backlog: how many rows are pending (leased or not) among the topics asked for,
   * and how long the oldest row already available has waited. Rows scheduled for later (a retry,
   * quiet hours) count in `depth` but do not make the outbox old. `done` and `dead` rows are
   * ignored. Cheap on large tables (SQL stores read the pending rows through an index), so health
   * checks may call it often.
   * @example
   * const { depth, oldestAgeMs } = await store.outboxStats({ now: new Date().toISOString(), topics: { prefix: 'notify.' } })
   */
  outboxStats(query: OutboxStatsQuery): Promise<OutboxStats>
  getPreferences(recipient: string): Promise<NotificationPreferences | null>
  setPreferences(recipient: string, preferences: NotificationPreferences): Promise<void>
  /** Completed deliveries, oldest first, for the ETA model and delivery metrics. */
  listDeliveries(query: { since?: string; limit?: number }): Promise<DeliveredRecord[]>
  /**
   * Take one token from a token bucket, atomically: concurrent takers (in any number of processes
   * sharing the store) never get more tokens than the bucket holds. Over any window of `w` ms of
   * callers' `now`, a bucket grants at most `capacity + w × refillPerMs` tokens. Throws
   * `INPUT_INVALID` for an empty name, `capacity` below 1, a `refillPerMs` that is not positive or
   * an unreadable `now`.
   * @example
   * const { granted, retryAfterMs } = await store.takeTokens({ bucket: 'carrier:usps', capacity: 1, refillPerMs: 60 / 3_600_000, now })
   */
  takeTokens(request: TokenRequest): Promise<TokenGrant>
  /**
   * Create the label request `key` when missing and lease it to `owner` for `leaseMs` from `now`,
   * atomically: of concurrent claimers (in any process) at most one holds the lease. A request
   * that is `done`, or leased to another owner until after `now`, is returned with `held: false`.
   */
  claimLabelRequest(claim: LabelClaim): Promise<LabelClaimResult>
  /** Write a step of a label request. Throws `STORE_LEASE_LOST` unless `owner` holds its lease. */
  saveLabelRequest(save: LabelSave): Promise<LabelRequest>
  getLabelRequest(key: string): Promise<LabelRequest | null>
  /**
   * Store a customer's feedback on a shipment, one per shipment: a second save replaces it, keeping
   * the stored `createdAt` (everything else is taken from `feedback`). Returns the row as stored.
   * The store checks the shape (`INPUT_INVALID`), not the rules of when feedback may be given
   * (core's `submitFeedback` applies those).
   * @example const saved = await store.saveFeedback({ shipmentId, orderId, rating: 5, comment: null, createdAt: now, updatedAt: now })
   */
  saveFeedback(feedback: Feedback): Promise<Feedback>
  /** The feedback stored for a shipment, or `null` when the customer gave none. */
  getFeedback(shipmentId: string): Promise<Feedback | null>
  /**
   * Feedback ordered by `updatedAt`, then shipment id (an edit moves a row to the end), for the
   * ops dashboard. Pass `nextCursor` back for the next page.
   * @example const { items, nextCursor } = await store.listFeedback({ since: '2026-03-01T00:00:00Z', limit: 50 })
   */
  listFeedback(query: FeedbackQuery): Promise<Page<Feedback>>
  /** Shipment counts by status, for the dashboard. */
  countByStatus(): Promise<Partial<Record<Status, number>>>
  /**
   * Archive a carrier payload for support staff, listed under each of `shipmentIds`. A payload id
   * already stored is kept as it is (its new shipment links are added). Diagnostic, not the data of
   * record: hosts prune it with `pruneArchive`. A store may answer before the payload is durable
   * (SQLite answers at its COMMIT, before the WAL sync), so a power loss may drop the last payloads
   * archived. Throws `INPUT_INVALID` for a malformed input.
   * @example await store.archivePayload({ id: 'raw_1', source: 'webhook', carrier: 'ups', receivedAt: now, contentType: 'application/json', body: '{"…":1}', truncated: false, shipmentIds: [shipment.id] })
   */
  archivePayload(input: RawPayloadInput): Promise<void>
  /** The payloads archived for a shipment, newest first (then by id). Page size 1..1000 (default 100). */
  listPayloads(
    shipmentId: string,
    page?: { limit?: number; cursor?: string | null },
  ): Promise<Page<RawPayload>>
  /** Append lines to outbox rows' attempt logs (the notification engine writes one per step). */
  appendOutboxLog(entries: readonly OutboxLogEntry[]): Promise<void>
  /** The attempt log of the given outbox rows, oldest line first (in the order appended). */
  listOutboxLog(outboxIds: readonly string[]): Promise<OutboxLogEntry[]>
  /** Delete archived payloads (with their links) and log lines older than `before`, at most `limit` of each. */
  pruneArchive(input: ArchivePrune): Promise<ArchivePruned>
  /** Shipments with this normalised tracking number at any carrier, oldest first (at most `limit`, default 50, max 200). */
  findShipmentsByNumber(trackingNumber: string, limit?: number): Promise<Shipment[]>
  /** Orders whose customer e-mail matches, ignoring case and surrounding spaces, oldest first (at most `limit`, default 50, max 200). */
  findOrdersByEmail(email: string, limit?: number): Promise<Order[]>
  close(): Promise<void>
}
