import { isWismoError, WismoError, type WismoErrorCode } from '@wismo/core'

/** SQLite result codes (primary part of `SqliteError.code`) and what a host should see. */
const CODES: Record<string, WismoErrorCode> = {
  SQLITE_CORRUPT: 'STORE_CORRUPT',
  SQLITE_NOTADB: 'STORE_CORRUPT',
  SQLITE_BUSY: 'STORE_UNAVAILABLE',
  SQLITE_LOCKED: 'STORE_UNAVAILABLE',
  SQLITE_IOERR: 'STORE_UNAVAILABLE',
  SQLITE_FULL: 'STORE_UNAVAILABLE',
  SQLITE_CANTOPEN: 'STORE_UNAVAILABLE',
  SQLITE_CONSTRAINT: 'STORE_DUPLICATE',
}

/** Map a driver error to a WismoError; the message names the SQLite code, never row data. */
export function sqliteError(e: unknown, action: string): WismoError {
  if (isWismoError(e)) return e
  if (e instanceof TypeError && /directory does not exist/.test(e.message))
    return new WismoError(
      'CONFIG_INVALID',
      `SQLite store: ${action} failed: the directory of \`path\` does not exist`,
      { cause: e },
    )
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : ''
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? ''
  const mapped = CODES[primary]
  if (mapped === 'STORE_DUPLICATE' && !/UNIQUE|PRIMARYKEY/.test(code)) return failed(e, action, code)
  if (!mapped) return failed(e, action, code)
  const hint = mapped === 'STORE_CORRUPT' ? ' (the file is damaged or is not a SQLite database)' : ''
  return new WismoError(mapped, `SQLite store: ${action} failed with ${code}${hint}`, {
    cause: e,
    details: { sqliteCode: code },
  })
}

function failed(e: unknown, action: string, code: string): WismoError {
  const reason = code || (e instanceof Error ? e.message : String(e))
  return new WismoError('STORE_FAILED', `SQLite store: ${action} failed (${reason})`, {
    cause: e,
    details: { sqliteCode: code || null },
  })
}
