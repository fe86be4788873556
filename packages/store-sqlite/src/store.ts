import { resolve } from 'node:path'
import { defineStore, type WismoStore } from '@wismo/core'
import { mapStoreErrors } from '@wismo/core/sql'
import { z } from 'zod'
import { bucketMethods } from './buckets.ts'
import { scopeOf, syncedWrites } from './db.ts'
import { sqliteError } from './errors.ts'
import { feedbackMethods } from './feedback.ts'
import { labelMethods } from './labels.ts'
import { DEFAULT_CHECKPOINT_PAGES, openDatabase } from './open.ts'
import { opsMethods } from './ops.ts'
import { queueMethods } from './queue.ts'
import { runtimeMethods } from './runtime.ts'
import { shipmentMethods } from './shipments.ts'
import { walSync } from './wal-sync.ts'

const SqliteStoreOptionsSchema = z
  .object({
    /** Database file, created when missing (its directory must exist). `':memory:'` for tests. */
    path: z.string().min(1),
    /** How long a write waits for another process's write lock before `STORE_UNAVAILABLE`. */
    busyTimeoutMs: z.number().int().min(0).max(600_000).default(5000),
    /**
     * `full` (default): no caller is answered before its commit is synced to disk (the sync runs
     * off the event loop); `normal` may lose the last commits on power loss, never corrupts.
     */
    synchronous: z.enum(['full', 'normal']).default('full'),
    /**
     * WAL pages after which a commit copies the log into the database file (SQLite's
     * `wal_autocheckpoint`; a page is 4 KiB). Fewer, larger checkpoints cost less per commit and
     * let the WAL grow to about this size.
     */
    checkpointPages: z.number().int().min(100).max(1_000_000).default(DEFAULT_CHECKPOINT_PAGES),
    /** Apply pending migrations on open (default). With `false`, an old schema is `CONFIG_INVALID`. */
    migrate: z.boolean().default(true),
  })
  .strict()

export type SqliteStoreOptions = z.input<typeof SqliteStoreOptionsSchema>

/**
 * The embedded default store: one SQLite file in WAL mode (better-sqlite3), versioned migrations
 * applied on open, prepared statements, one `IMMEDIATE` transaction per commit. Several
 * processes may open the same file; SQLite serialises their writes. Throws `STORE_CORRUPT` for a
 * damaged or foreign file and `STORE_SCHEMA_TOO_NEW` for a newer schema, before writing anything.
 * @example const wismo = createWismo({ store: sqliteStore({ path: './wismo.db' }), carriers })
 */
export const sqliteStore = defineStore({
  id: 'sqlite',
  options: SqliteStoreOptionsSchema,
  setup: (options): WismoStore => {
    const db = openDatabase(options)
    // The absolute path: the WAL file is opened at the first sync, perhaps after a `chdir`.
    const sync = options.synchronous === 'full' && !db.memory ? walSync(resolve(db.name)) : null
    const scope = scopeOf(db, sync)
    const methods = {
      ...shipmentMethods(scope),
      ...queueMethods(scope),
      ...runtimeMethods(scope),
      ...bucketMethods(scope),
      ...labelMethods(scope),
      ...feedbackMethods(scope),
      ...opsMethods(scope),
    }
    const store: WismoStore = {
      id: 'sqlite',
      ...syncedWrites(methods, scope),
      async close() {
        await sync?.close()
        if (db.open) db.close()
      },
    }
    // Driver errors become coded errors (busy → `STORE_UNAVAILABLE`, damaged file → `STORE_CORRUPT`).
    return mapStoreErrors(store, sqliteError)
  },
})
