import { parseInput } from '../define/options.ts'
import type { Order, Shipment } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import { copyData } from './copy.ts'
import {
  type OpsMethods,
  type OutboxLogEntry,
  OutboxLogEntrySchema,
  type RawPayload,
  RawPayloadInputSchema,
} from './ops.ts'
import { clampSearch, emailKey } from './sql/ops.ts'
import { clampLimit, decodeCursor, isEventKey, pageOf as sqlPageOf } from './sql/paging.ts'

/** The memory store's archive: payloads by id, their shipments, and the outbox log. */
export function emptyArchive() {
  return {
    payloads: new Map<string, RawPayload>(),
    /** Payload ids by shipment. */
    links: new Map<string, Set<string>>(),
    log: [] as OutboxLogEntry[],
  }
}

interface OpsState {
  orders: ReadonlyMap<string, Order>
  shipments: ReadonlyMap<string, Shipment>
  archive: ReturnType<typeof emptyArchive>
}

const clone = copyData

/** Archive, attempt log and support search over the memory store's maps (see `WismoStore`). */
export function memoryOpsMethods(state: () => OpsState): OpsMethods {
  return {
    async archivePayload(input) {
      const { shipmentIds, ...payload } = parseInput(RawPayloadInputSchema, input, 'raw payload')
      const { archive } = state()
      if (!archive.payloads.has(payload.id)) archive.payloads.set(payload.id, payload)
      for (const shipmentId of shipmentIds) {
        const ids = archive.links.get(shipmentId) ?? new Set<string>()
        archive.links.set(shipmentId, ids.add(payload.id))
      }
    },
    async listPayloads(shipmentId, page = {}) {
      const { archive } = state()
      const limit = clampLimit(page.limit)
      const [ms, id] = page.cursor ? decodeCursor(page.cursor, isEventKey) : [Number.MAX_SAFE_INTEGER, '']
      const keyOf = (p: RawPayload): [number, string] => [Date.parse(p.receivedAt), p.id]
      const before = ([m, i]: [number, string]) => m < ms || (m === ms && i < id)
      const found = [...(archive.links.get(shipmentId) ?? [])]
        .map((pid) => archive.payloads.get(pid))
        .filter((p): p is RawPayload => p !== undefined && before(keyOf(p)))
        .sort((a, b) => newestFirst(keyOf(a), keyOf(b)))
      const listed = sqlPageOf(found.slice(0, limit + 1), limit, keyOf)
      return { items: listed.items.map(clone), nextCursor: listed.nextCursor }
    },
    async appendOutboxLog(entries) {
      const parsed = entries.map((e) => parseInput(OutboxLogEntrySchema, e, 'outbox log entry'))
      state().archive.log.push(...parsed)
    },
    async listOutboxLog(outboxIds) {
      const wanted = new Set(outboxIds)
      return state()
        .archive.log.filter((e) => wanted.has(e.outboxId))
        .map(clone)
    },
    async pruneArchive({ before, limit }) {
      const beforeMs = Date.parse(before)
      if (Number.isNaN(beforeMs))
        throw new WismoError('INPUT_INVALID', 'before is not an ISO instant', {
          details: { field: 'before' },
        })
      const { archive } = state()
      const max = Math.max(1, Math.floor(limit ?? 1000))
      const old = [...archive.payloads.values()]
        .filter((p) => Date.parse(p.receivedAt) < beforeMs)
        .slice(0, max)
      for (const p of old) archive.payloads.delete(p.id)
      const gone = new Set(old.map((p) => p.id))
      for (const ids of archive.links.values()) for (const id of gone) ids.delete(id)
      const expired = archive.log.filter((e) => Date.parse(e.at) < beforeMs).slice(0, max)
      const removed = new Set(expired)
      archive.log = archive.log.filter((e) => !removed.has(e))
      const logEntries = expired.length
      return { payloads: old.length, logEntries }
    },
    async findShipmentsByNumber(trackingNumber, limit) {
      return [...state().shipments.values()]
        .filter((s) => s.trackingNumber === trackingNumber)
        .sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? -1 : 1))
        .slice(0, clampSearch(limit))
        .map(clone)
    },
    async findOrdersByEmail(email, limit) {
      const key = emailKey(email)
      return [...state().orders.values()]
        .filter((o) => o.customer.email !== undefined && emailKey(o.customer.email) === key)
        .sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? -1 : 1))
        .slice(0, clampSearch(limit))
        .map(clone)
    },
  }
}

const newestFirst = ([am, ai]: [number, string], [bm, bi]: [number, string]) =>
  bm - am || (ai < bi ? 1 : ai > bi ? -1 : 0)
