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

// On conflict everything but `created_at` is replaced: the first rating's time is kept.
const UPSERT = `INSERT INTO feedback (shipment_id, order_id, rating, comment, created_at, updated_at, list_key)
  VALUES (@shipment_id, @order_id, @rating, @comment, @created_at, @updated_at, @list_key)
  ON CONFLICT (shipment_id) DO UPDATE SET order_id = excluded.order_id, rating = excluded.rating,
    comment = excluded.comment, updated_at = excluded.updated_at, list_key = excluded.list_key
  RETURNING *`

/** Feedback rows: one upsert statement per save, keyset paging on `list_key`. */
export function feedbackMethods({ one, all }: Scope): FeedbackMethods {
  return {
    async saveFeedback(input) {
      const f = parseInput(FeedbackSchema, input, 'feedback')
      const row = one(UPSERT, {
        shipment_id: f.shipmentId,
        order_id: f.orderId,
        rating: f.rating,
        comment: f.comment,
        created_at: f.createdAt,
        updated_at: f.updatedAt,
        list_key: feedbackListKey(f),
      })
      if (!row) throw new WismoError('STORE_FAILED', 'SQLite store: saveFeedback wrote no row')
      return toFeedback(row)
    },
    async getFeedback(shipmentId) {
      const row = one('SELECT * FROM feedback WHERE shipment_id = ?', shipmentId)
      return row ? toFeedback(row) : null
    },
    async listFeedback(query) {
      const limit = clampLimit(query.limit)
      const after = query.cursor ? decodeCursor(query.cursor, isText) : ''
      const since = feedbackSinceKey(query.since)
      const found = all(
        'SELECT * FROM feedback WHERE list_key > ? AND list_key >= ? ORDER BY list_key LIMIT ?',
        after,
        since,
        limit + 1,
      )
      return pageOf(found.map(toFeedback), limit, feedbackListKey)
    },
  }
}
