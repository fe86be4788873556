import { FeedbackSchema, parseInput, WismoError, type WismoStore } from '@wismo/core'
import {
  clampLimit,
  decodeCursor,
  feedbackListKey,
  feedbackSinceKey,
  isText,
  pageOf,
  toFeedback,
} from '@wismo/core/sql'
import type { Scope } from './db.ts'

/** The feedback half of the store (one row per shipment). */
export type FeedbackMethods = Pick<WismoStore, 'saveFeedback' | 'getFeedback' | 'listFeedback'>

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
        [f.shipmentId, f.orderId, f.rating, f.comment, f.createdAt, f.updatedAt, feedbackListKey(f)],
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
      const since = feedbackSinceKey(query.since)
      const found = await sql(
        `SELECT * FROM ${s}.feedback WHERE list_key > $1 AND list_key >= $2 ORDER BY list_key LIMIT $3`,
        [after, since, limit + 1],
      )
      return pageOf(found.map(toFeedback), limit, feedbackListKey)
    },
  }
}
