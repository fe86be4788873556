import {
  type OpsMethods,
  OutboxLogEntrySchema,
  parseInput,
  RawPayloadInputSchema,
  WismoError,
} from '@wismo/core'
import {
  clampLimit,
  clampSearch,
  decodeCursor,
  emailKey,
  isEventKey,
  pageOf,
  toOutboxLogEntry,
  toRawPayload,
} from '@wismo/core/sql'
import type { Scope } from './db.ts'
import { toOrder, toShipment } from './rows.ts'

const ORDER_EMAIL = `lower(trim(json_extract(customer, '$.email')))`

/** Support archive, attempt log and search (migration 9). */
export function opsMethods({ db, all, run, grouped }: Scope): OpsMethods {
  const archive = (input: ReturnType<typeof parsePayload>) => {
    const { shipmentIds, ...p } = input
    run(
      `INSERT INTO raw_payloads (id, source, carrier, received_at, received_ms, content_type, body, truncated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      p.id,
      p.source,
      p.carrier,
      p.receivedAt,
      Date.parse(p.receivedAt),
      p.contentType,
      p.body,
      p.truncated ? 1 : 0,
    )
    for (const shipmentId of new Set(shipmentIds))
      run(
        'INSERT INTO raw_payload_links (shipment_id, payload_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
        shipmentId,
        p.id,
      )
  }
  const append = (entries: readonly ReturnType<typeof parseEntry>[]) => {
    for (const e of entries)
      run(
        'INSERT INTO outbox_log (outbox_id, at, at_ms, worker_id, kind, text) VALUES (?, ?, ?, ?, ?, ?)',
        e.outboxId,
        e.at,
        Date.parse(e.at),
        e.workerId,
        e.kind,
        e.text,
      )
  }
  const prune = db.transaction((beforeMs: number, limit: number) => {
    const old = all('SELECT id FROM raw_payloads WHERE received_ms < ? LIMIT ?', beforeMs, limit)
    for (const { id } of old) {
      run('DELETE FROM raw_payload_links WHERE payload_id = ?', id)
      run('DELETE FROM raw_payloads WHERE id = ?', id)
    }
    const logEntries = run(
      'DELETE FROM outbox_log WHERE seq IN (SELECT seq FROM outbox_log WHERE at_ms < ? LIMIT ?)',
      beforeMs,
      limit,
    )
    return { payloads: old.length, logEntries }
  })
  // Archived bodies are diagnostic, not the data of record: answered at COMMIT, not after the
  // WAL sync, so a lone webhook costs one sync (its ingest's), not two.
  const archiveGrouped = grouped(archive, { durable: false })
  const appendGrouped = grouped(append)
  return {
    // Both join the connection's group commit: on a busy webhook route they share the sync of
    // the ingest commits instead of paying one each.
    async archivePayload(input) {
      await archiveGrouped(parsePayload(input))
    },
    async listPayloads(shipmentId, page = {}) {
      const limit = clampLimit(page.limit)
      const [ms, id] = page.cursor ? decodeCursor(page.cursor, isEventKey) : [Number.MAX_SAFE_INTEGER, '']
      const found = all(
        `SELECT p.* FROM raw_payload_links l JOIN raw_payloads p ON p.id = l.payload_id
         WHERE l.shipment_id = ? AND (p.received_ms < ? OR (p.received_ms = ? AND p.id < ?))
         ORDER BY p.received_ms DESC, p.id DESC LIMIT ?`,
        shipmentId,
        ms,
        ms,
        id,
        limit + 1,
      )
      const listed = pageOf(found, limit, (r) => [Number(r.received_ms), String(r.id)])
      return { items: listed.items.map(toRawPayload), nextCursor: listed.nextCursor }
    },
    async appendOutboxLog(entries) {
      await appendGrouped(entries.map(parseEntry))
    },
    async listOutboxLog(outboxIds) {
      const ids = JSON.stringify([...new Set(outboxIds)])
      return all(
        'SELECT * FROM outbox_log WHERE outbox_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
        ids,
      ).map(toOutboxLogEntry)
    },
    async pruneArchive({ before, limit }) {
      const beforeMs = Date.parse(before)
      if (Number.isNaN(beforeMs)) throw invalid('before')
      return prune.immediate(beforeMs, Math.max(1, Math.floor(limit ?? 1000)))
    },
    async findShipmentsByNumber(trackingNumber, limit) {
      return all(
        'SELECT * FROM shipments WHERE tracking_number = ? ORDER BY list_key LIMIT ?',
        trackingNumber,
        clampSearch(limit),
      ).map(toShipment)
    },
    async findOrdersByEmail(email, limit) {
      return all(
        `SELECT * FROM orders WHERE ${ORDER_EMAIL} = ? ORDER BY created_at, id LIMIT ?`,
        emailKey(email),
        clampSearch(limit),
      ).map(toOrder)
    },
  }
}

const parsePayload = (input: unknown) => parseInput(RawPayloadInputSchema, input, 'raw payload')
const parseEntry = (input: unknown) => parseInput(OutboxLogEntrySchema, input, 'outbox log entry')

function invalid(field: string) {
  return new WismoError('INPUT_INVALID', `${field} is not an ISO instant`, { details: { field } })
}
