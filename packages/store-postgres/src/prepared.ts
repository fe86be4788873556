import { createHash } from 'node:crypto'
import { WismoError } from '@wismo/core'
import type { Queryable, QueryResultLike, Row, Sql } from './db.ts'

/**
 * Most statement texts one store prepares. The store's texts are a fixed set, a few dozen at
 * most (each variant of the grouped commit is one), so the cap only guards against an unbounded
 * text (a list built into the SQL): past it, new texts run unnamed, and no connection holds more
 * than this many prepared statements.
 */
export const MAX_PREPARED = 256

/** A `pg`-style client: `query()` also takes `{ name, text, values }`. */
interface ConfigQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<QueryResultLike>
}

/**
 * The names of one store's prepared statements: derived from the text (so the same text has the
 * same name on every connection and in every process), bounded, and withdrawn for a text whose
 * prepared plan went stale.
 */
export interface StatementNames {
  /** The name to prepare `text` under, or null to run it unnamed. */
  nameOf(text: string): string | null
  /** Run `text` unnamed from now on. */
  withdraw(text: string): void
}

export function statementNames(max = MAX_PREPARED): StatementNames {
  const names = new Map<string, string | null>()
  let named = 0
  return {
    nameOf(text) {
      const known = names.get(text)
      if (known !== undefined) return known
      if (named >= max) return null
      const name = `wismo_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
      names.set(text, name)
      named++
      return name
    },
    withdraw(text) {
      names.set(text, null)
    },
  }
}

const sqlstate = (e: unknown) => String((e as { code?: unknown } | null)?.code ?? '')

/**
 * A prepared statement's result columns are fixed when it is prepared. After a migration changes a
 * table it reads with `*` (a newer process migrating while this one runs), PostgreSQL refuses to
 * run it: SQLSTATE 0A000, "cached plan must not change result type". Nothing ran.
 */
const isStalePlan = (e: unknown) =>
  sqlstate(e) === '0A000' && /cached plan must not change result type/i.test(String((e as Error)?.message))

/**
 * Statements through `q` prepared once per connection and then only bound and executed: the server
 * parses and plans each text once per connection instead of on every call. BEGIN, COMMIT and other
 * statements without parameters run as they are. A plan gone stale after a migration withdraws
 * its text for good: outside a transaction the statement runs again unnamed at once; inside
 * one, the transaction has failed, so the caller gets `STORE_UNAVAILABLE` and its retry runs
 * unnamed.
 */
export function preparedSql(q: Queryable, names: StatementNames, inTransaction: boolean): Sql {
  return async (text, params) => {
    const name = params === undefined ? null : names.nameOf(text)
    if (name === null) return (await q.query(text, params)).rows as Row[]
    try {
      return (await (q as unknown as ConfigQueryable).query({ name, text, values: params ?? [] }))
        .rows as Row[]
    } catch (e) {
      if (!isStalePlan(e)) throw e
      names.withdraw(text)
      if (!inTransaction) return (await q.query(text, params)).rows as Row[]
      throw new WismoError(
        'STORE_UNAVAILABLE',
        'PostgreSQL store: a prepared statement went stale after a schema change; the transaction was rolled back, retry it',
        { cause: e, details: { sqlstate: '0A000' } },
      )
    }
  }
}
