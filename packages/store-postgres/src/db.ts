import { isWismoError, WismoError, type WismoErrorCode } from '@wismo/core'
import { preparedSql, statementNames } from './prepared.ts'

/** What a query returns: `pg` gives `rowCount`, PGlite gives `affectedRows`. */
export interface QueryResultLike {
  rows: unknown[]
  rowCount?: number | null
  affectedRows?: number
}

/** Anything that runs one parameterised statement: a `pg.Pool`, a pooled connection, PGlite. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<QueryResultLike>
}

/** A connection lent by a pool; `on('error')` (pg's clients have it) reports a socket dying mid-transaction. */
export interface PooledConnection extends Queryable {
  release(error?: Error | boolean): void
  on?(event: 'error', listener: (error: Error) => void): unknown
  removeListener?(event: 'error', listener: (error: Error) => void): unknown
}

/** A pool: `connect()` lends one connection for a transaction (`pg.Pool`). */
export interface PoolLike extends Queryable {
  connect(): Promise<PooledConnection>
}

/** A client that runs transactions itself (PGlite). */
export interface TransactionalClient extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
}

/**
 * The database handle `postgresStore` takes: a `pg.Pool` in production, a PGlite instance in
 * tests, or any `query()`-only client, whose calls (and transactions) the store then serialises.
 */
export type PostgresClient = PoolLike | TransactionalClient | Queryable

export type Row = Record<string, unknown>
export type Sql = (text: string, params?: unknown[]) => Promise<Row[]>

/** What the store's method groups share: the quoted schema, statements, and transactions. */
export interface Scope {
  s: string
  sql: Sql
  tx<T>(fn: (query: Sql) => Promise<T>): Promise<T>
}

/** The store's view of the database: single statements, and transactions on one connection. */
export interface Db {
  query: Sql
  tx<T>(fn: (query: Sql) => Promise<T>): Promise<T>
}

const has = (value: unknown, key: string) => typeof (value as Record<string, unknown>)[key] === 'function'
const sqlOf =
  (q: Queryable): Sql =>
  async (text, params) =>
    (await q.query(text, params)).rows as Row[]

/** Codes the store raises itself after a clean rollback: the connection is still healthy. */
const LOGICAL = new Set<WismoErrorCode>([
  'STORE_CONFLICT',
  'STORE_DUPLICATE',
  'STORE_NOT_FOUND',
  'STORE_LEASE_LOST',
  'INPUT_INVALID',
])

export interface DbOptions {
  /**
   * Prepare statements on a pool's connections (see `PostgresStoreOptions.preparedStatements`).
   * Undefined: when the pool is `pg`'s (it has a `Client` constructor), whose `query()` takes
   * `{ name, text, values }`.
   */
  prepared?: boolean | undefined
}

export function toDb(client: PostgresClient, options: DbOptions = {}): Db {
  const query = sqlOf(client)
  if (has(client, 'transaction'))
    return { query, tx: (fn) => (client as TransactionalClient).transaction((t) => fn(sqlOf(t))) }
  if (has(client, 'connect')) {
    const pool = client as PoolLike
    if (!(options.prepared ?? has(client, 'Client'))) return { query, tx: (fn) => pooled(pool, fn, sqlOf) }
    const names = statementNames()
    return {
      query: preparedSql(pool, names, false),
      tx: (fn) => pooled(pool, fn, (conn) => preparedSql(conn, names, true)),
    }
  }
  const lock = serial()
  return {
    query: (text, params) => lock(() => query(text, params)),
    tx: (fn) => lock(() => inTransaction(query, fn)),
  }
}

async function pooled<T>(
  pool: PoolLike,
  fn: (query: Sql) => Promise<T>,
  sqlOn: (conn: Queryable) => Sql,
): Promise<T> {
  const conn = await pool.connect()
  if (!has(conn, 'query') || !has(conn, 'release'))
    throw new WismoError(
      'CONFIG_INVALID',
      'postgresStore: client.connect() must lend a connection with query() and release(); pass a pg.Pool, not a pg.Client',
    )
  // A checked-out pg client whose socket dies emits 'error'; unheard, that would crash the process.
  // The failed statement reports it; the listener stays on a broken connection the pool discards.
  let socketError: Error | undefined
  const onError = (e: Error) => {
    socketError = e
  }
  conn.on?.('error', onError)
  let failure: unknown
  try {
    return await inTransaction(sqlOn(conn), fn)
  } catch (e) {
    failure = e
    throw e
  } finally {
    // A connection that failed for any other reason may be broken: the pool must not reuse it.
    const healthy =
      socketError === undefined &&
      (failure === undefined || (isWismoError(failure) && LOGICAL.has(failure.code)))
    if (healthy) conn.removeListener?.('error', onError)
    conn.release(healthy ? undefined : (socketError ?? (failure instanceof Error ? failure : true)))
  }
}

async function inTransaction<T>(query: Sql, fn: (query: Sql) => Promise<T>): Promise<T> {
  await query('BEGIN')
  try {
    const out = await fn(query)
    await query('COMMIT')
    return out
  } catch (e) {
    try {
      await query('ROLLBACK')
    } catch (rollback) {
      throw new WismoError(
        'STORE_UNAVAILABLE',
        'PostgreSQL store: the connection broke inside a transaction; nothing was committed',
        { cause: e, details: { rollback: String(rollback) } },
      )
    }
    throw e
  }
}

/** Run calls one after another: a single connection cannot interleave transactions. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }
}

const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/**
 * A prepared statement missing (26000) or already there (42P05) on the connection: behind a pooler
 * in transaction mode, the server connection under a client changes between statements.
 */
const PREPARED_ELSEWHERE = new Set(['26000', '42P05'])

/** SQLSTATE (or class) → code. Messages name the SQLSTATE, never row data. */
function codeFor(sqlstate: string, message: string): WismoErrorCode {
  if (sqlstate === '23505') return 'STORE_DUPLICATE'
  if (sqlstate === '40001' || sqlstate === '40P01') return 'STORE_CONFLICT'
  if (sqlstate === '22021' || sqlstate === '22P05') return 'INPUT_INVALID'
  if (sqlstate.startsWith('XX00')) return 'STORE_CORRUPT'
  if (PREPARED_ELSEWHERE.has(sqlstate)) return 'CONFIG_INVALID'
  if (/^(08|53|57P)/.test(sqlstate) || NETWORK.has(sqlstate)) return 'STORE_UNAVAILABLE'
  if (
    /connection (terminated|error|timeout)|terminating connection|timeout exceeded when trying to connect|Client was closed/i.test(
      message,
    )
  )
    return 'STORE_UNAVAILABLE'
  return 'STORE_FAILED'
}

/** Map a driver error to a WismoError. Lost connections are `STORE_UNAVAILABLE` (retryable). */
export function pgError(e: unknown, action: string): WismoError {
  if (isWismoError(e)) return e
  const sqlstate = String((e as { code?: unknown })?.code ?? '')
  const message = e instanceof Error ? e.message : String(e)
  const code = codeFor(sqlstate, message)
  const why = sqlstate
    ? `SQLSTATE ${sqlstate}`
    : code === 'STORE_UNAVAILABLE'
      ? 'connection lost'
      : ((e as Error)?.name ?? 'error')
  const hint = PREPARED_ELSEWHERE.has(sqlstate)
    ? '; behind a pooler in transaction mode (PgBouncer, Supavisor), pass `preparedStatements: false`'
    : ''
  return new WismoError(code, `PostgreSQL store: ${action} failed (${why})${hint}`, {
    cause: e,
    details: { sqlstate: sqlstate || null },
  })
}
