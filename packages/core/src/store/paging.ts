import type { Page } from './contract.ts'
import { clampLimit, decodeCursor, encodeCursor, isText } from './sql/paging.ts'

/**
 * Slice an already sorted in-memory list into a page (the memory store's paging). The cursor is
 * the same opaque codec the SQL stores use, holding the sort key of the last item returned.
 */
export function pageOf<T>(
  sorted: readonly T[],
  query: { limit?: number; cursor?: string | null },
  keyOf: (item: T, index: number) => string,
): Page<T> {
  const limit = clampLimit(query.limit)
  const after = query.cursor ? decodeCursor(query.cursor, isText) : null
  const start = after === null ? 0 : sorted.findIndex((item, i) => keyOf(item, i) > after)
  const from = start === -1 ? sorted.length : start
  const items = sorted.slice(from, from + limit)
  const last = from + items.length - 1
  const more = from + items.length < sorted.length
  return { items, nextCursor: more && items.length ? encodeCursor(keyOf(sorted[last] as T, last)) : null }
}
