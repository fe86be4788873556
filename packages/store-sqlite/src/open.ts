import { WismoError } from '@wismo/core'
import Database from 'better-sqlite3'
import { sqliteError } from './errors.ts'
import { assertWismoFile, LATEST_VERSION, migrate, schemaVersion } from './migrations.ts'

/**
 * Four times SQLite's default of 1,000 pages: in an `ingestMany` of 27,370 updates, time spent in
 * commits and checkpoints fell from 5.1–5.9 s to 3.7–3.9 s (three runs each), because a
 * checkpoint's two syncs and its page copies come a quarter as often. The WAL grows to about 16 MB
 * (18.5–18.7 MB measured: frame headers and the commit that passes the mark add to it).
 */
export const DEFAULT_CHECKPOINT_PAGES = 4000

export interface OpenOptions {
  path: string
  busyTimeoutMs: number
  synchronous: 'full' | 'normal'
  checkpointPages: number
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
    db.pragma(`wal_autocheckpoint = ${options.checkpointPages}`)
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
