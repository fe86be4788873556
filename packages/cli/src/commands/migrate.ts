import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { isWismoError, WismoError } from '@wismo/core'
import { migrate as migratePostgres } from '@wismo/store-postgres'
import { migrate as migrateSqlite } from '@wismo/store-sqlite'
import pg from 'pg'
import type { Io } from '../cli.ts'
import { type Command, JSON_OPTION } from './command.ts'

/** What either store's migrate returns, and what the one printed line is made from. */
interface Outcome {
  from: number
  to: number
  applied: readonly number[]
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/
/** URL query parameters that carry secrets (`password`, `sslpassword`): shown as `***`. */
const SECRET_PARAM = /pass/i

/**
 * `wismo migrate`: bring a store's schema to the version this CLI knows, and say what changed.
 * A missing SQLite file is refused unless `--create` is given, so a typo in the path cannot
 * silently produce a new empty database; a PostgreSQL schema is created when missing, as the
 * store's own `migrate()` does. Passwords in the URL are never printed.
 */
export const migrateCommand: Command = {
  summary: 'bring a SQLite file or PostgreSQL schema to the current store version',
  options: {
    sqlite: { type: 'string', value: '<file>', description: 'an existing Wismo SQLite file' },
    create: { type: 'boolean', description: 'with --sqlite: create the file when missing' },
    postgres: {
      type: 'string',
      value: '<url>',
      description: 'a postgres:// URL (its password is never printed)',
    },
    schema: { type: 'string', value: '<name>', description: 'with --postgres: the schema', default: 'wismo' },
    json: JSON_OPTION,
  },
  examples: ['--sqlite ./wismo.sqlite', '--postgres postgres://wismo@db:5432/shop --schema wismo --json'],
  exitCodes: {
    1: 'a file or schema of another application (STORE_CORRUPT), newer than this CLI (STORE_SCHEMA_TOO_NEW), or unreachable',
    2: 'bad arguments, or a missing SQLite file without --create (INPUT_INVALID)',
  },
  async run(values: Record<string, unknown>, positionals: string[], io: Io) {
    const { sqlite, postgres, schema, create, json } = values as {
      sqlite?: string
      postgres?: string
      schema?: string
      create?: boolean
      json?: boolean
    }
    const print = (target: string, outcome: Outcome) =>
      io.out(
        json
          ? `${JSON.stringify({ target, from: outcome.from, to: outcome.to, applied: outcome.applied })}\n`
          : `${summarize(target, outcome)}\n`,
      )
    // Never echo a positional back: it may be a URL with a password in it.
    if (positionals.length > 0)
      throw invalid('takes no positional arguments; use --sqlite <path> or --postgres <url>')
    if ((sqlite === undefined) === (postgres === undefined))
      throw invalid('give exactly one of --sqlite <path> or --postgres <url>')
    if (sqlite !== undefined) {
      if (schema !== undefined) throw invalid('--schema applies to --postgres only')
      print(`sqlite ${resolve(sqlite)}`, sqliteMigrate(sqlite, create === true))
      return
    }
    if (create)
      throw invalid('--create applies to --sqlite only (a PostgreSQL schema is created when missing)')
    const target = schema ?? 'wismo'
    if (!SCHEMA.test(target))
      throw invalid(
        '--schema must be lower-case letters, digits and _ (at most 63, not starting with a digit)',
      )
    const shown = redactUrl(postgres as string)
    print(`postgres ${shown} schema ${target}`, await postgresMigrate(postgres as string, target))
  },
}

function sqliteMigrate(path: string, create: boolean): Outcome {
  if (path === '' || path === ':memory:') throw invalid('--sqlite needs a file path')
  if (!existsSync(path)) {
    if (!create)
      throw invalid(`no SQLite file at ${resolve(path)}; pass --create to create a new Wismo database there`)
    if (!existsSync(dirname(resolve(path)))) throw invalid(`the folder of ${resolve(path)} does not exist`)
  } else if (!statSync(path).isFile()) throw invalid(`${resolve(path)} is not a file`)
  return migrateSqlite(path)
}

async function postgresMigrate(url: string, schema: string): Promise<Outcome> {
  // One connection is all a migration uses; fail instead of waiting forever on an unreachable host.
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 15_000 })
  pool.on('error', () => {}) // an idle connection dropping after the work is done is not a failure
  try {
    return await migratePostgres(pool, { schema })
  } catch (e) {
    // The store's messages name SQLSTATEs, never the URL. A driver message might quote the
    // connection string, so anything else is reported by its name only.
    if (isWismoError(e)) throw e
    throw new WismoError('STORE_FAILED', `PostgreSQL migrate failed (${(e as Error)?.name ?? 'error'})`, {
      cause: e,
    })
  } finally {
    await pool.end().catch(() => {})
  }
}

/** `migrated <target>: version 0 → 2 (applied 1, 2)` or `<target>: already at version 2`. */
function summarize(target: string, { from, to, applied }: Outcome): string {
  if (applied.length === 0) return `${target}: already at version ${to}`
  return `migrated ${target}: version ${from} → ${to} (applied ${applied.join(', ')})`
}

/** The URL with its password (and password-like query parameters) replaced by `***`. */
function redactUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid('--postgres must be a postgres:// or postgresql:// URL')
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw invalid('--postgres must be a postgres:// or postgresql:// URL')
  if (parsed.password) parsed.password = '***'
  for (const key of [...parsed.searchParams.keys()])
    if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, '***')
  return parsed.href
}

const invalid = (message: string) => new WismoError('INPUT_INVALID', message)
