import { parseInput } from '../define/options.ts'
import {
  type Feedback,
  FeedbackSchema,
  type NotificationPreferences,
  type Order,
  type Shipment,
  type TrackingEvent,
} from '../domain/schemas.ts'
import { compareEvents } from '../domain/state-machine.ts'
import { type Status, TERMINAL_STATUSES } from '../domain/status.ts'
import { WismoError } from '../errors.ts'
import type { DeliveredRecord } from '../eta/types.ts'
import { newId } from '../util/ids.ts'
import type { OutboxClaimOptions, OutboxRow, OutboxRowInput, ShipmentWrite, WismoStore } from './contract.ts'
import { copyData } from './copy.ts'
import { defineStore } from './define-store.ts'
import { checkLabelInput, claimLabel, type LabelRequest, saveLabel } from './label-requests.ts'
import { emptyArchive, memoryOpsMethods } from './memory-ops.ts'
import { pageOf } from './paging.ts'
import {
  abandonedText,
  attemptRefund,
  lastErrorText,
  outboxStatsOf,
  statsNowMs,
  topicPasses,
} from './sql/queue.ts'
import { memoryTokenBuckets } from './token-buckets.ts'

interface PollEntry {
  at: string | null
  owner: string | null
  until: number
}

/** Everything the memory store holds; one object so `reset` is one assignment. */
function emptyState() {
  return {
    orders: new Map<string, Order>(),
    shipments: new Map<string, Shipment>(),
    /** Shipment ids by carrier + tracking number, oldest first (several when a number is reused). */
    numbers: new Map<string, string[]>(),
    events: new Map<string, Map<string, TrackingEvent>>(),
    outbox: new Map<string, OutboxRow>(),
    outboxKeys: new Set<string>(),
    polls: new Map<string, PollEntry>(),
    preferences: new Map<string, NotificationPreferences>(),
    deliveries: new Map<string, DeliveredRecord>(),
    labels: new Map<string, LabelRequest>(),
    feedback: new Map<string, Feedback>(),
    archive: emptyArchive(),
  }
}

const clone = copyData
const numberKey = (carrier: string, number: string) => JSON.stringify([carrier, number])

/** Feedback listing order: `updatedAt` as a fixed-width ms count, then shipment id. */
const feedbackKey = (f: Feedback) => `${String(Date.parse(f.updatedAt)).padStart(15, '0')} ${f.shipmentId}`

function instantMs(value: string, field: string): number {
  const ms = Date.parse(value)
  if (Number.isNaN(ms))
    throw new WismoError('INPUT_INVALID', `${field} is not an ISO instant`, { details: { field } })
  return ms
}

/**
 * The in-memory store: the default for tests and single-process demos, and the reference
 * implementation of the store contract. Each method runs without awaiting, so it is atomic.
 * @example const wismo = createWismo({ store: memoryStore(), carriers: [sandboxCarrier()] })
 */
export const memoryStore = defineStore({
  id: 'memory',
  setup: (): WismoStore => {
    const s = emptyState()
    const enqueue = (rows: readonly OutboxRowInput[], now: string) => {
      const added: string[] = []
      for (const row of rows) {
        if (s.outboxKeys.has(row.idempotencyKey)) continue
        s.outboxKeys.add(row.idempotencyKey)
        const id = newId('obx')
        s.outbox.set(id, {
          ...clone(row),
          id,
          state: 'pending',
          attempts: 0,
          availableAt: row.availableAt ?? now,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          providerMessageId: null,
          createdAt: now,
          completedAt: null,
        })
        added.push(row.idempotencyKey)
      }
      return added
    }
    // One process, so the injected `now` is the clock for leases too (no database clock).
    const isHeld = (row: OutboxRow | undefined, workerId: string, now: string) =>
      row?.state === 'pending' && row.leaseOwner === workerId && (row.leaseUntil ?? '') >= now
    const heldBy = (row: OutboxRow | undefined, workerId: string, now: string) => {
      if (!row) throw new WismoError('STORE_NOT_FOUND', 'No such outbox row')
      if (!isHeld(row, workerId, now))
        throw new WismoError('STORE_LEASE_LOST', `Outbox row ${row.id} is no longer leased by ${workerId}`)
      return row
    }
    const buckets = memoryTokenBuckets()
    const store: WismoStore = {
      id: 'memory',
      ...memoryOpsMethods(() => s),
      async putOrder(order) {
        const existing = s.orders.get(order.id)
        const saved = { ...clone(order), createdAt: existing?.createdAt ?? order.createdAt }
        s.orders.set(order.id, saved)
        return clone(saved)
      },
      async getOrder(id) {
        return clone(s.orders.get(id) ?? null)
      },
      async getShipment(id) {
        return clone(s.shipments.get(id) ?? null)
      },
      async findShipment(key) {
        return clone(findByIdentity(key.carrier, key.trackingNumber, key.carrierShipmentId ?? null))
      },
      async listShipments(query) {
        const all = [...s.shipments.values()]
          .filter((x) => query.orderId === undefined || x.orderId === query.orderId)
          .filter((x) => !query.status || query.status.includes(x.status))
          .sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? -1 : 1))
        return pageOf(all.map(clone), query, (x) => x.createdAt + x.id)
      },
      async commit(write) {
        return commit(write)
      },
      async listEvents(shipmentId, page = {}) {
        const list = [...(s.events.get(shipmentId)?.values() ?? [])].sort(compareEvents)
        return pageOf(list.map(clone), page, (_e, i) => String(i).padStart(12, '0'))
      },
      async enqueue(rows, { now }) {
        return enqueue(rows, now)
      },
      async claimOutbox({ workerId, limit, leaseMs, now, maxAttempts, topics }: OutboxClaimOptions) {
        const claimable = [...s.outbox.values()].filter(
          (r) =>
            r.state === 'pending' &&
            r.availableAt <= now &&
            (r.leaseUntil ?? '') < now &&
            topicPasses(r.topic, topics),
        )
        const spent = (r: OutboxRow) => maxAttempts !== undefined && r.attempts >= maxAttempts
        for (const row of claimable.filter(spent))
          Object.assign(row, {
            state: 'dead',
            lastError: abandonedText(row.attempts),
            leaseOwner: null,
            leaseUntil: null,
          })
        const free = claimable
          .filter((r) => !spent(r))
          .sort((a, b) => (a.availableAt + a.id < b.availableAt + b.id ? -1 : 1))
          .slice(0, limit)
        const until = new Date(Date.parse(now) + leaseMs).toISOString()
        for (const row of free)
          Object.assign(row, { leaseOwner: workerId, leaseUntil: until, attempts: row.attempts + 1 })
        return free.map(clone)
      },
      async renewOutboxLease({ ids, workerId, leaseMs, now }) {
        const held = [...new Set(ids)].filter((id) => isHeld(s.outbox.get(id), workerId, now))
        const until = new Date(Date.parse(now) + leaseMs).toISOString()
        for (const id of held) Object.assign(s.outbox.get(id) as OutboxRow, { leaseUntil: until })
        return held
      },
      async noteOutbox({ id, workerId, note, now }) {
        heldBy(s.outbox.get(id), workerId, now).lastError = lastErrorText(note)
      },
      async completeOutbox({ id, workerId, providerMessageId, now }) {
        const row = heldBy(s.outbox.get(id), workerId, now)
        Object.assign(row, {
          state: 'done',
          completedAt: now,
          providerMessageId: providerMessageId ?? null,
          leaseUntil: null,
        })
      },
      async failOutbox(input) {
        const { id, workerId, error, retryAt, now } = input
        const row = heldBy(s.outbox.get(id), workerId, now)
        const next = retryAt === null ? { state: 'dead' as const } : { availableAt: retryAt }
        row.attempts = Math.max(0, row.attempts - attemptRefund(input))
        Object.assign(row, { ...next, lastError: error.slice(0, 2000), leaseOwner: null, leaseUntil: null })
      },
      async listOutbox(query) {
        return [...s.outbox.values()]
          .filter((r) => query.shipmentId === undefined || r.shipmentId === query.shipmentId)
          .filter((r) => query.state === undefined || r.state === query.state)
          .sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? -1 : 1))
          .slice(0, query.limit ?? 1000)
          .map(clone)
      },
      async schedulePoll(shipmentId, at) {
        mustExist(shipmentId)
        const entry = s.polls.get(shipmentId) ?? { at: null, owner: null, until: 0 }
        s.polls.set(shipmentId, { ...entry, at })
      },
      async claimDuePolls({ workerId, limit, leaseMs, now }) {
        const nowMs = Date.parse(now)
        const due = [...s.polls.entries()]
          .filter(([id, p]) => p.at !== null && p.at <= now && p.until <= nowMs && !isTerminal(id))
          .sort(([, a], [, b]) => ((a.at ?? '') < (b.at ?? '') ? -1 : 1))
          .slice(0, limit)
        for (const [, p] of due) Object.assign(p, { owner: workerId, until: nowMs + leaseMs })
        return due.map(([id, p]) => ({
          ...clone(s.shipments.get(id) as Shipment),
          pollDueAt: p.at as string,
        }))
      },
      async completePoll({ shipmentId, workerId, nextPollAt }) {
        const entry = s.polls.get(shipmentId)
        if (!entry || entry.owner !== workerId)
          throw new WismoError('STORE_LEASE_LOST', `Poll of ${shipmentId} is not leased by ${workerId}`)
        s.polls.set(shipmentId, { at: nextPollAt, owner: null, until: 0 })
      },
      async releaseLeases({ workerId }) {
        const rows = [...s.outbox.values()].filter((r) => r.state === 'pending' && r.leaseOwner === workerId)
        for (const row of rows) Object.assign(row, { leaseOwner: null, leaseUntil: null })
        const polls = [...s.polls.values()].filter((p) => p.owner === workerId)
        for (const poll of polls) Object.assign(poll, { owner: null, until: 0 })
        return { outbox: rows.length, polls: polls.length }
      },
      async outboxStats({ now, topics }) {
        const pending = [...s.outbox.values()].filter(
          (r) => r.state === 'pending' && topicPasses(r.topic, topics),
        )
        const nowMs = statsNowMs(now)
        const oldest = pending
          .filter((r) => Date.parse(r.availableAt) <= nowMs)
          .reduce<OutboxRow | undefined>(
            (a, r) => (a && Date.parse(a.availableAt) <= Date.parse(r.availableAt) ? a : r),
            undefined,
          )
        return outboxStatsOf(pending.length, oldest?.availableAt ?? null, now)
      },
      async getPreferences(recipient) {
        return clone(s.preferences.get(recipient) ?? null)
      },
      async setPreferences(recipient, preferences) {
        s.preferences.set(recipient, clone(preferences))
      },
      async listDeliveries({ since, limit }) {
        return [...s.deliveries.values()]
          .filter((d) => since === undefined || d.deliveredAt >= since)
          .sort((a, b) => (a.deliveredAt < b.deliveredAt ? -1 : a.deliveredAt > b.deliveredAt ? 1 : 0))
          .slice(0, limit ?? Number.MAX_SAFE_INTEGER)
          .map(clone)
      },
      async countByStatus() {
        const counts: Partial<Record<Status, number>> = {}
        for (const x of s.shipments.values()) counts[x.status] = (counts[x.status] ?? 0) + 1
        return counts
      },
      async takeTokens(request) {
        return buckets.takeTokens(request)
      },
      async claimLabelRequest(claim) {
        checkLabelInput(claim)
        const { write, ...result } = claimLabel(s.labels.get(claim.key) ?? null, claim)
        if (write) s.labels.set(claim.key, clone(result.request))
        return clone(result)
      },
      async saveLabelRequest(save) {
        checkLabelInput(save)
        const row = saveLabel(s.labels.get(save.key) ?? null, clone(save))
        s.labels.set(save.key, row)
        return clone(row)
      },
      async getLabelRequest(key) {
        return clone(s.labels.get(key) ?? null)
      },
      async saveFeedback(input) {
        const feedback = parseInput(FeedbackSchema, input, 'feedback')
        const createdAt = s.feedback.get(feedback.shipmentId)?.createdAt ?? feedback.createdAt
        s.feedback.set(feedback.shipmentId, { ...feedback, createdAt })
        return clone({ ...feedback, createdAt })
      },
      async getFeedback(shipmentId) {
        return clone(s.feedback.get(shipmentId) ?? null)
      },
      async listFeedback(query) {
        const since = query.since === undefined ? null : instantMs(query.since, 'since')
        const keyed = [...s.feedback.values()]
          .map((f) => ({ f, key: feedbackKey(f) }))
          .filter(({ f }) => since === null || Date.parse(f.updatedAt) >= since)
          .sort((a, b) => (a.key < b.key ? -1 : 1))
        const page = pageOf(keyed, query, (x) => x.key)
        return { items: page.items.map((x) => clone(x.f)), nextCursor: page.nextCursor }
      },
      async close() {},
    }

    function mustExist(id: string) {
      if (!s.shipments.has(id)) throw new WismoError('STORE_NOT_FOUND', `No shipment ${id}`)
    }

    function isTerminal(id: string) {
      const status = s.shipments.get(id)?.status
      return status !== undefined && TERMINAL_STATUSES.includes(status)
    }

    /** Parcels sharing a carrier + number, oldest first. */
    function parcels(carrier: string, number: string): Shipment[] {
      const ids = s.numbers.get(numberKey(carrier, number)) ?? []
      return ids.flatMap((id) => s.shipments.get(id) ?? [])
    }

    /** The identity rule of `WismoStore.findShipment`. */
    function findByIdentity(carrier: string, number: string, carrierId: string | null): Shipment | null {
      const list = parcels(carrier, number)
      if (carrierId)
        return (
          list.find((x) => x.carrierShipmentId === carrierId) ??
          list.find((x) => x.carrierShipmentId === null) ??
          null
        )
      const newest = list.reverse()
      return newest.find((x) => !TERMINAL_STATUSES.includes(x.status)) ?? newest[0] ?? null
    }

    /** Whether writing `next` would make a second shipment of one identity. */
    function identityTaken(next: Shipment, creating: boolean): boolean {
      const others = parcels(next.carrier, next.trackingNumber).filter((x) => x.id !== next.id)
      if (next.carrierShipmentId === null) return creating && others.length > 0
      const sameId = others.some((x) => x.carrierShipmentId === next.carrierShipmentId)
      return sameId || (creating && others.some((x) => x.carrierShipmentId === null))
    }

    function commit(write: ShipmentWrite) {
      const next = write.shipment
      const current = s.shipments.get(next.id)
      if (write.expectedVersion === null) {
        if (current || identityTaken(next, true))
          throw new WismoError(
            'STORE_DUPLICATE',
            `Shipment ${next.carrier}/${next.trackingNumber} already exists`,
          )
      } else if (!current || current.version !== write.expectedVersion) {
        throw new WismoError('STORE_CONFLICT', `Shipment ${next.id} changed since it was read`, {
          details: { expected: write.expectedVersion, actual: current?.version ?? null },
        })
      } else if (identityTaken(next, false)) {
        throw new WismoError(
          'STORE_DUPLICATE',
          `Carrier id ${next.carrierShipmentId} belongs to another shipment`,
        )
      }
      const events = s.events.get(next.id) ?? new Map<string, TrackingEvent>()
      const inserted: TrackingEvent[] = []
      for (const e of write.events) {
        if (events.has(e.dedupKey)) continue
        events.set(e.dedupKey, clone(e))
        inserted.push(e)
      }
      s.events.set(next.id, events)
      s.shipments.set(next.id, clone(next))
      const key = numberKey(next.carrier, next.trackingNumber)
      if (!current) s.numbers.set(key, [...(s.numbers.get(key) ?? []), next.id])
      const enqueuedKeys = enqueue(write.outbox, next.updatedAt)
      if (write.nextPollAt !== undefined) {
        const entry = s.polls.get(next.id) ?? { at: null, owner: null, until: 0 }
        s.polls.set(next.id, { ...entry, at: write.nextPollAt })
      }
      if (write.delivery) s.deliveries.set(next.id, clone(write.delivery))
      else if (write.delivery === null) s.deliveries.delete(next.id)
      return { shipment: clone(next), insertedEventKeys: inserted.map((e) => e.dedupKey), enqueuedKeys }
    }

    return store
  },
})
