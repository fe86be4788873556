import { type FileHandle, open } from 'node:fs/promises'
import { dirname } from 'node:path'
import { WismoError } from '@wismo/core'

/**
 * Resolves once everything this connection has committed so far is on disk; rejects with
 * `STORE_UNAVAILABLE` when the sync fails.
 */
export interface WalSync {
  (): Promise<void>
  /** Wait for a sync under way, then let the file go. */
  close(): Promise<void>
}

/**
 * `synchronous: 'full'` without blocking the event loop. The connection runs with SQLite's
 * `synchronous = NORMAL`, so a COMMIT writes its WAL frames but does not sync them; this syncs the
 * WAL file (`fdatasync`, on libuv's thread pool) before any caller of that commit is answered, so
 * the next group's work goes on during the sync. One sync covers every commit made before it
 * started: callers that arrive while one is under way share the next one. SQLite itself still
 * syncs the WAL before each checkpoint and the database file after it (what NORMAL does), so a
 * power loss never corrupts the file and never loses a commit whose caller was answered.
 *
 * A failed sync may have dropped written pages (the kernel marks them clean), so later syncs
 * prove nothing: from then on every write is answered `STORE_UNAVAILABLE` until the store is
 * opened again.
 */
export function walSync(path: string): WalSync {
  let file: Promise<FileHandle> | null = null
  let failure: WismoError | null = null
  let current: Promise<void> | null = null
  let next: Promise<void> | null = null

  const syncOnce = async () => {
    if (failure) throw failure
    try {
      if (!file) {
        file = open(`${path}-wal`, 'r+')
        // The WAL's directory entry, once: SQLite syncs it only at its first own sync of the file.
        await syncDirectory(dirname(path))
      }
      await (await file).datasync()
    } catch (cause) {
      failure ??= new WismoError(
        'STORE_UNAVAILABLE',
        `SQLite store: syncing the write-ahead log failed (${codeOf(cause)}); reopen the store to write again`,
        { cause, details: { path: `${path}-wal` } },
      )
      throw failure
    }
  }
  const start = () => {
    const run = syncOnce()
    current = run
    const done = () => {
      if (current === run) current = null
    }
    run.then(done, done)
    return run
  }
  const sync = (() => {
    if (!current) return start()
    // The sync under way may have begun before the caller's commit: wait for it, then one more.
    next ??= current
      .catch(() => {})
      .then(() => {
        next = null
        return start()
      })
    return next
  }) as WalSync
  sync.close = async () => {
    await Promise.allSettled([current, next])
    const handle = await file?.catch(() => null)
    file = null
    await handle?.close()
  }
  return sync
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows opens no directory as a file; NTFS journals its directory entries itself.
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function codeOf(cause: unknown): string {
  const code = (cause as { code?: unknown })?.code
  return typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause)
}
