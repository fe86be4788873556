import type { OutboxLogEntry, OutboxLogKind, RawPayload, RawPayloadSource } from '../ops.ts'
import type { SqlRow } from './rows.ts'

/**
 * The form e-mail search compares: trimmed, ASCII letters lower-cased (what SQL `lower()` does in
 * SQLite and under PostgreSQL's "C" collation, so every store matches the same addresses).
 */
export const emailKey = (email: string): string => email.trim().replace(/[A-Z]+/g, (c) => c.toLowerCase())

/** Most rows one search answers. */
export const clampSearch = (limit: number | undefined): number => Math.max(1, Math.min(limit ?? 50, 200))

export function toRawPayload(row: SqlRow): RawPayload {
  return {
    id: String(row.id),
    source: String(row.source) as RawPayloadSource,
    carrier: String(row.carrier),
    receivedAt: String(row.received_at),
    contentType: row.content_type == null ? null : String(row.content_type),
    body: String(row.body),
    truncated: row.truncated === true || Number(row.truncated) === 1,
  }
}

export function toOutboxLogEntry(row: SqlRow): OutboxLogEntry {
  return {
    outboxId: String(row.outbox_id),
    at: String(row.at),
    workerId: String(row.worker_id),
    kind: String(row.kind) as OutboxLogKind,
    text: String(row.text),
  }
}
