/**
 * better-sqlite3 as the bench uses it raw (the batch bench's raw inserts, the naive endpoint, the
 * driver comparison): the store package's own copy, typed to what these callers call.
 */
import { createRequire } from 'node:module'

const require = createRequire(new URL('../../packages/store-sqlite/package.json', import.meta.url))

export interface RawStatement {
  run(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}

export interface RawSqlite {
  exec(sql: string): void
  prepare(sql: string): RawStatement
  close(): void
}

/** Open (or create) a database file with better-sqlite3. */
export function openRawSqlite(path: string): RawSqlite {
  const Database = require('better-sqlite3') as new (path: string) => RawSqlite
  return new Database(path)
}
