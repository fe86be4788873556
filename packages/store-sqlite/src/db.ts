import type Database from 'better-sqlite3'
import { type Grouped, groupWriter } from './group-commit.ts'
import type { WalSync } from './wal-sync.ts'

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>

/** What the store's method groups share: cached prepared statements on one connection. */
export interface Scope {
  db: Database.Database
  one(text: string, ...params: unknown[]): Row | undefined
  all(text: string, ...params: unknown[]): Row[]
  /** Run a write; returns the number of rows changed. */
  run(text: string, ...params: unknown[]): number
  /** The connection's group commit: a write joins the next shared transaction (see `groupWriter`). */
  grouped: Grouped
  /** Statements run so far that write (through `run`, `one` or `all`), to tell whether a method wrote. */
  readonly writes: number
  /** The WAL sync that makes commits durable; `null` when SQLite syncs (or nothing does). */
  sync: WalSync | null
}

/** Prepare each statement once and reuse it (better-sqlite3 statements are re-executable). */
export function scopeOf(db: Database.Database, sync: WalSync | null): Scope {
  const cache = new Map<string, Database.Statement>()
  let writes = 0
  const sql = (text: string) => {
    let statement = cache.get(text)
    if (!statement) {
      statement = db.prepare(text)
      cache.set(text, statement)
    }
    // Writes with RETURNING go through `one` and `all`: SQLite tells which statements write.
    if (!statement.readonly) writes++
    return statement
  }
  return {
    db,
    sync,
    grouped: groupWriter(db, sync),
    get writes() {
      return writes
    },
    one: (text, ...params) => sql(text).get(...params) as Row | undefined,
    all: (text, ...params) => sql(text).all(...params) as Row[],
    run: (text, ...params) => sql(text).run(...params).changes,
  }
}

/**
 * Answer no caller of a method that wrote before its commit is synced (see `walSync`). The
 * store's methods write synchronously when called, or through `grouped`, whose groups wait for
 * the sync themselves.
 */
export function syncedWrites<T extends object>(methods: T, scope: Scope): T {
  const { sync } = scope
  if (!sync) return methods
  const out: Record<string, unknown> = { ...(methods as Record<string, unknown>) }
  for (const [name, fn] of Object.entries(methods)) {
    if (typeof fn !== 'function') continue
    out[name] = (...args: unknown[]) => {
      const before = scope.writes
      const result = (fn as (...a: unknown[]) => Promise<unknown>)(...args)
      return scope.writes === before ? result : result.then((value) => sync(1).then(() => value))
    }
  }
  return out as T
}
