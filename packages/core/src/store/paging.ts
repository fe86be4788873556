import { WismoError } from '../errors.ts'
import type { Page } from './contract.ts'

/**
 * Slice an already sorted list into a page. The cursor is the sort key of the last item
 * returned, base64url-encoded so callers treat it as opaque.
 */
export function pageOf<T>(
  sorted: readonly T[],
  query: { limit?: number; cursor?: string | null },
  keyOf: (item: T, index: number) => string,
): Page<T> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 1000))
  const after = query.cursor ? decodeCursor(query.cursor) : null
  const start = after === null ? 0 : sorted.findIndex((item, i) => keyOf(item, i) > after)
  const from = start === -1 ? sorted.length : start
  const items = sorted.slice(from, from + limit)
  const last = from + items.length - 1
  const more = from + items.length < sorted.length
  return { items, nextCursor: more && items.length ? encodeCursor(keyOf(sorted[last] as T, last)) : null }
}

export function encodeCursor(key: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(key))
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')
}

/** Throws `INPUT_INVALID` for a cursor this module did not make. */
export function decodeCursor(cursor: string): string {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
  } catch (cause) {
    throw new WismoError('INPUT_INVALID', 'The paging cursor is not valid', { cause })
  }
}
