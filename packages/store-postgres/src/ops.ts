import {
  type OpsMethods,
  OutboxLogEntrySchema,
  parseInput,
  type RawPayloadInput,
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
import { batchedWrites } from './batched.ts'
import type { Scope } from './db.ts'
import { toOrder, toShipment } from './rows.ts'

/** Support archive, attempt log and search (migration 9): one statement a call, archived bodies one statement a turn. */
export function opsMethods({ s, sql }: Scope, options: { groupCommit: boolean }): OpsMethods {
  // Bodies archived in one turn of the event loop (one per webhook that changed shipments) go in
  // one statement: one round trip and one commit instead of one each.
  const archiveAll = async (payloads: RawPayloadInput[]) => {
    const column = <K extends keyof RawPayloadInput>(k: K) => payloads.map((p) => p[k])
    const links = payloads.flatMap((p) => p.shipmentIds.map((sid) => [sid, p.id] as const))
    await sql(
      `WITH p AS (INSERT INTO ${s}.raw_payloads (id, source, carrier, received_at, received_ms, content_type, body, truncated)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::boolean[])
        ON CONFLICT (id) DO NOTHING)
      INSERT INTO ${s}.raw_payload_links (shipment_id, payload_id)
      SELECT DISTINCT sid, pid FROM unnest($9::text[], $10::text[]) AS l (sid, pid) ON CONFLICT DO NOTHING`,
      [
        column('id'),
        column('source'),
        column('carrier'),
        column('receivedAt'),
        payloads.map((p) => Date.parse(p.receivedAt)),
        column('contentType'),
        column('body'),
        column('truncated'),
        links.map(([sid]) => sid),
        links.map(([, pid]) => pid),
      ],
    )
  }
  const archive = options.groupCommit
    ? batchedWrites(archiveAll)
    : (payload: RawPayloadInput) => archiveAll([payload])
  return {
    async archivePayload(input) {
      await archive(parseInput(RawPayloadInputSchema, input, 'raw payload'))
    },
    async listPayloads(shipmentId, page = {}) {
      const limit = clampLimit(page.limit)
      const [ms, id] = page.cursor ? decodeCursor(page.cursor, isEventKey) : [Number.MAX_SAFE_INTEGER, '']
      const found = await sql(
        `SELECT p.* FROM ${s}.raw_payload_links l JOIN ${s}.raw_payloads p ON p.id = l.payload_id
        WHERE l.shipment_id = $1 AND (p.received_ms, p.id) < ($2::bigint, $3::text)
        ORDER BY p.received_ms DESC, p.id DESC LIMIT $4`,
        [shipmentId, ms, id, limit + 1],
      )
      const listed = pageOf(found, limit, (r) => [Number(r.received_ms), String(r.id)])
      return { items: listed.items.map(toRawPayload), nextCursor: listed.nextCursor }
    },
    async appendOutboxLog(input) {
      const entries = input.map((e) => parseInput(OutboxLogEntrySchema, e, 'outbox log entry'))
      if (!entries.length) return
      const column = <K extends keyof (typeof entries)[number]>(k: K) => entries.map((e) => e[k])
      await sql(
        `INSERT INTO ${s}.outbox_log (outbox_id, at, at_ms, worker_id, kind, text)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])`,
        [
          column('outboxId'),
          column('at'),
          entries.map((e) => Date.parse(e.at)),
          column('workerId'),
          column('kind'),
          column('text'),
        ],
      )
    },
    async listOutboxLog(outboxIds) {
      const found = await sql(
        `SELECT * FROM ${s}.outbox_log WHERE outbox_id = ANY($1::text[]) ORDER BY seq`,
        [[...new Set(outboxIds)]],
      )
      return found.map(toOutboxLogEntry)
    },
    async pruneArchive({ before, limit }) {
      const beforeMs = Date.parse(before)
      if (Number.isNaN(beforeMs))
        throw new WismoError('INPUT_INVALID', 'before is not an ISO instant', {
          details: { field: 'before' },
        })
      const max = Math.max(1, Math.floor(limit ?? 1000))
      const [row] = await sql(
        `WITH old AS (SELECT id FROM ${s}.raw_payloads WHERE received_ms < $1 LIMIT $2),
          l AS (DELETE FROM ${s}.raw_payload_links WHERE payload_id IN (SELECT id FROM old)),
          p AS (DELETE FROM ${s}.raw_payloads WHERE id IN (SELECT id FROM old) RETURNING 1),
          g AS (DELETE FROM ${s}.outbox_log WHERE seq IN
            (SELECT seq FROM ${s}.outbox_log WHERE at_ms < $1 LIMIT $2) RETURNING 1)
        SELECT (SELECT count(*) FROM p)::int AS payloads, (SELECT count(*) FROM g)::int AS log_entries`,
        [beforeMs, max],
      )
      return { payloads: Number(row?.payloads ?? 0), logEntries: Number(row?.log_entries ?? 0) }
    },
    async findShipmentsByNumber(trackingNumber, limit) {
      const found = await sql(
        `SELECT * FROM ${s}.shipments WHERE tracking_number = $1 ORDER BY list_key LIMIT $2`,
        [trackingNumber, clampSearch(limit)],
      )
      return found.map(toShipment)
    },
    async findOrdersByEmail(email, limit) {
      const found = await sql(
        `SELECT * FROM ${s}.orders WHERE lower(btrim(customer->>'email') COLLATE "C") = $1 ORDER BY created_at, id LIMIT $2`,
        [emailKey(email), clampSearch(limit)],
      )
      return found.map(toOrder)
    },
  }
}
