import type Database from 'better-sqlite3'
import { type Grouped, groupWriter } from './group-commit.ts'

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
}

/** Prepare each statement once and reuse it (better-sqlite3 statements are re-executable). */
export function scopeOf(db: Database.Database): Scope {
  const cache = new Map<string, Database.Statement>()
  const sql = (text: string) => {
    let statement = cache.get(text)
    if (!statement) {
      statement = db.prepare(text)
      cache.set(text, statement)
    }
    return statement
  }
  return {
    db,
    grouped: groupWriter(db),
    one: (text, ...params) => sql(text).get(...params) as Row | undefined,
    all: (text, ...params) => sql(text).all(...params) as Row[],
    run: (text, ...params) => sql(text).run(...params).changes,
  }
}
