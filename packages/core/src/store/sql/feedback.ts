/** What both SQL stores do alike with feedback rows: the listing key and reading a row back. */
import { type Feedback, FeedbackSchema } from '../../domain/schemas.ts'
import { WismoError } from '../../errors.ts'
import { invalidRow, type SqlRow } from './rows.ts'

/** `updatedAt` as a fixed-width ms count: byte order is time order. */
const msKey = (ms: number) => String(ms).padStart(15, '0')

/** A row's listing key: its `updatedAt`, then its shipment id (byte order = list order). */
export const feedbackListKey = (f: Feedback): string => `${msKey(Date.parse(f.updatedAt))} ${f.shipmentId}`

/** The smallest listing key at or after `since` (`''` without one); `INPUT_INVALID` for a bad instant. */
export function feedbackSinceKey(since: string | undefined): string {
  if (since === undefined) return ''
  const ms = Date.parse(since)
  if (Number.isNaN(ms))
    throw new WismoError('INPUT_INVALID', 'since is not an ISO instant', { details: { field: 'since' } })
  return msKey(ms)
}

/** A stored row, validated: a damaged one is `STORE_ROW_INVALID`, never bad data handed on. */
export function toFeedback(row: SqlRow): Feedback {
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
