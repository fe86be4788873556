import { type Feedback, FeedbackSchema, parseInput, WismoError, type WismoStore } from '@wismo/core'
import { clampLimit, decodeCursor, invalidRow, isText, pageOf } from '@wismo/core/sql'
import type { Row, Scope } from './db.ts'

/** The feedback half of the store (one row per shipment). */
export type FeedbackMethods = Pick<WismoStore, 'saveFeedback' | 'getFeedback' | 'listFeedback'>

/** Listing key: `updatedAt` as a fixed-width ms count, then the shipment id (byte order = list order). */
const msKey = (ms: number) => String(ms).padStart(15, '0')
const listKey = (f: Feedback) => `${msKey(Date.parse(f.updatedAt))} ${f.shipmentId}`

// On conflict everything but `created_at` is replaced: the first rating's time is kept.
const UPSERT = `INSERT INTO feedback (shipment_id, order_id, rating, comment, created_at, updated_at, list_key)
  VALUES (@shipment_id, @order_id, @rating, @comment, @created_at, @updated_at, @list_key)
  ON CONFLICT (shipment_id) DO UPDATE SET order_id = excluded.order_id, rating = excluded.rating,
    comment = excluded.comment, updated_at = excluded.updated_at, list_key = excluded.list_key
  RETURNING *`

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
        list_key: listKey(f),
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
      const since = query.since === undefined ? '' : msKey(sinceMs(query.since))
      const found = all(
        'SELECT * FROM feedback WHERE list_key > ? AND list_key >= ? ORDER BY list_key LIMIT ?',
        after,
        since,
        limit + 1,
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
