import { WismoError } from '../../errors.ts'
import { fromBase64, toBase64, toBytes } from '../../webhooks/verify/encoding.ts'
import type { Page } from '../contract.ts'

/** Page size as the memory store clamps it: 1..1000, default 100. */
export const clampLimit = (limit: number | undefined): number => Math.max(1, Math.min(limit ?? 100, 1000))

/**
 * A page from `limit + 1` rows fetched in key order (keyset paging): the extra one only says
 * there is more. Unlike the main entry's `pageOf`, the list is not sliced by cursor here.
 */
export function pageOf<T>(items: T[], limit: number, key: (item: T) => unknown): Page<T> {
  const shown = items.slice(0, limit)
  const last = shown.at(-1)
  return {
    items: shown,
    nextCursor: items.length > limit && last !== undefined ? encodeCursor(key(last)) : null,
  }
}

/** Opaque paging cursor: base64url of the JSON sort key of the last item returned (Web APIs only). */
export function encodeCursor(key: unknown): string {
  return toBase64(toBytes(JSON.stringify(key)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '')
}

/** Decode an {@link encodeCursor} cursor; throws `INPUT_INVALID` for one this store did not make. */
export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  let value: unknown
  try {
    const bytes = fromBase64(cursor.replaceAll('-', '+').replaceAll('_', '/'))
    if (!bytes) throw new TypeError('not base64url')
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (cause) {
    throw new WismoError('INPUT_INVALID', 'The paging cursor is not valid', { cause })
  }
  if (!valid(value)) throw new WismoError('INPUT_INVALID', 'The paging cursor is not valid')
  return value
}

/** Cursor guard for listings keyed by text (`list_key`). */
export const isText = (v: unknown): v is string => typeof v === 'string'

/** Cursor guard for event history keyed by `[occurred_ms, dedup_key]`. */
export const isEventKey = (v: unknown): v is [number, string] =>
  Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string'
