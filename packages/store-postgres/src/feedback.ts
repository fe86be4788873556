import { type Feedback, FeedbackSchema, parseInput, WismoError, type WismoStore } from '@wismo/core'
import { clampLimit, decodeCursor, invalidRow, isText, pageOf } from '@wismo/core/sql'
import type { Row, Scope } from './db.ts'

/** The feedback half of the store (one row per shipment). */
export type FeedbackMethods = Pick<WismoStore, 'saveFeedback' | 'getFeedback' | 'listFeedback'>

/** Listing key: `updatedAt` as a fixed-width ms count, then the shipment id (byte order = list order). */
const msKey = (ms: number) => String(ms).padStart(15, '0')
const listKey = (f: Feedback) => `${msKey(Date.parse(f.updatedAt))} ${f.shipmentId}`

/** A stored row, validated: a damaged one is `STORE_ROW_INVALID`, never bad data handed on. */
export function toFeedback(row: Row): Feedback {
  const parsed = FeedbackSchema.safeParse({
    shipmentId: row.shipment_id,
    orderId: row.order_id,
    rating: row.rating,
    comment: row.comment,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  })
  if (!parsed.success) throw invalidRow('feedback', parsed.error)
  return parsed.data
}

/** Feedback rows: one upsert statement per save (atomic on its own), keyset paging on `list_key`. */
export function feedbackMethods({ s, sql }: Scope): FeedbackMethods {
  return {
    async saveFeedback(input) {
      const f = parseInput(FeedbackSchema, input, 'feedback')
      // On conflict everything but `created_at` is replaced: the first rating's time is kept.
      const [row] = await sql(
        `INSERT INTO ${s}.feedback (shipment_id, order_id, rating, comment, created_at, updated_at, list_key)
        VALUES ($1, $2, $3::int, $4, $5, $6, $7) ON CONFLICT (shipment_id) DO UPDATE SET
        order_id = excluded.order_id, rating = excluded.rating, comment = excluded.comment,
        updated_at = excluded.updated_at, list_key = excluded.list_key RETURNING *`,
        [f.shipmentId, f.orderId, f.rating, f.comment, f.createdAt, f.updatedAt, listKey(f)],
      )
      if (!row) throw new WismoError('STORE_FAILED', 'PostgreSQL store: saveFeedback wrote no row')
      return toFeedback(row)
    },
    async getFeedback(shipmentId) {
      const [row] = await sql(`SELECT * FROM ${s}.feedback WHERE shipment_id = $1`, [shipmentId])
      return row ? toFeedback(row) : null
    },
    async listFeedback(query) {
      const limit = clampLimit(query.limit)
      const after = query.cursor ? decodeCursor(query.cursor, isText) : ''
      const since = query.since === undefined ? '' : msKey(sinceMs(query.since))
      const found = await sql(
        `SELECT * FROM ${s}.feedback WHERE list_key > $1 AND list_key >= $2 ORDER BY list_key LIMIT $3`,
        [after, since, limit + 1],
      )
      return pageOf(found.map(toFeedback), limit, listKey)
    },
  }
}

function sinceMs(since: string): number {
  const ms = Date.parse(since)
  if (Number.isNaN(ms))
    throw new WismoError('INPUT_INVALID', 'since is not an ISO instant', { details: { field: 'since' } })
  return ms
}
