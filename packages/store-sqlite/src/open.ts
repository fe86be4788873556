import { WismoError } from '@wismo/core'
import Database from 'better-sqlite3'
import { sqliteError } from './errors.ts'
import { assertWismoFile, LATEST_VERSION, migrate, schemaVersion } from './migrations.ts'

export interface OpenOptions {
  path: string
  busyTimeoutMs: number
  synchronous: 'full' | 'normal'
  migrate: boolean
}

/**
 * Open (or create) the database file: check it is empty or Wismo's before writing anything,
 * switch to WAL, then migrate. Every failure is a coded error and closes the handle.
 */
export function openDatabase(options: OpenOptions): Database.Database {
  let db: Database.Database | undefined
  try {
    db = new Database(options.path, { timeout: options.busyTimeoutMs })
    assertWismoFile(db)
    db.pragma('journal_mode = WAL')
    // SQLite syncs the WAL only before a checkpoint; with `full`, the store syncs it after each
    // commit, off the event loop, before answering (see `walSync`).
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // A group commit's fallback pass runs each write in its own savepoint, and SQLite keeps a
    // savepoint's undo pages in a temporary file unless told to keep them in memory.
    db.pragma('temp_store = MEMORY')
    if (options.migrate) migrate(db)
    else checkVersion(db)
    return db
  } catch (e) {
    db?.close()
    throw sqliteError(e, `opening ${options.path}`)
  }
}

function checkVersion(db: Database.Database): void {
  const found = schemaVersion(db)
  if (found > LATEST_VERSION)
    throw new WismoError(
      'STORE_SCHEMA_TOO_NEW',
      `The SQLite database is at schema version ${found}; this code knows up to ${LATEST_VERSION}.`,
      {
        details: { found, supported: LATEST_VERSION },
      },
    )
  if (found < LATEST_VERSION)
    throw new WismoError(
      'CONFIG_INVALID',
      `The SQLite database is at schema version ${found}, this code needs ${LATEST_VERSION}: run \`wismo migrate\` or open with \`migrate: true\`.`,
      {
        details: { found, supported: LATEST_VERSION },
      },
    )
}
