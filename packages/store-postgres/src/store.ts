import { defineStore, type WismoStore } from '@wismo/core'
import { mapStoreErrors } from '@wismo/core/sql'
import { z } from 'zod'
import { bucketMethods } from './buckets.ts'
import { type PostgresClient, pgError, type Scope, type Sql, toDb } from './db.ts'
import { feedbackMethods } from './feedback.ts'
import { labelMethods } from './labels.ts'
import { checkSchema, migrateDb, quoteSchema } from './migrations.ts'
import { opsMethods } from './ops.ts'
import { queueMethods } from './queue.ts'
import { runtimeMethods } from './runtime.ts'
import { shipmentMethods } from './shipments.ts'

const isClient = (v: unknown) => typeof (v as { query?: unknown } | null)?.query === 'function'

const PostgresStoreOptionsSchema = z
  .object({
    /** A `pg.Pool` (production), a PGlite instance (tests), or any client with `query(text, params)`. */
    client: z.custom<PostgresClient>(
      isClient,
      'expected a pg.Pool, a PGlite instance or a client with query()',
    ),
    /** Schema holding Wismo's tables (created when missing): lower-case letters, digits, `_`. */
    schema: z.string().default('wismo'),
    /** Apply pending migrations on first use (default). With `false`, an old schema is `CONFIG_INVALID`. */
    migrate: z.boolean().default(true),
    /**
     * Group commit (default): concurrent `commit` calls share one transaction, each in its own
     * savepoint, so many ingests cost one WAL flush, and webhook bodies archived in one turn share
     * one statement. `false`: every commit and every archived body is its own statement.
     */
    groupCommit: z.boolean().default(true),
    /**
     * Prepare each statement once per pool connection, so PostgreSQL parses and plans it once
     * rather than on every call (this halved the server's CPU per webhook, docs/performance.md).
     * Default: on for a `pg.Pool`; other clients run statements unprepared. Pass `false` behind
     * a pooler in transaction mode (PgBouncer, Supavisor) that cannot keep prepared statements.
     */
    preparedStatements: z.boolean().optional(),
  })
  .strict()

export type PostgresStoreOptions = z.input<typeof PostgresStoreOptionsSchema>

/**
 * The production store: many processes share one PostgreSQL database and coordinate only through
 * it — version checks on shipments, unique dedup keys on events, `FOR UPDATE SKIP LOCKED` claims
 * with leases on outbox rows and due polls. Migrations run once on first use (advisory-locked).
 * The client stays yours: `close()` does not end the pool.
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * const wismo = createWismo({ store: postgresStore({ client: pool }), carriers })
 */
export const postgresStore = defineStore({
  id: 'postgres',
  options: PostgresStoreOptionsSchema,
  setup: (options): WismoStore => {
    const db = toDb(options.client, { prepared: options.preparedStatements })
    let ready: Promise<unknown> | null = null
    // Migrate (or check) once before the first statement; a failure is retried on the next call.
    const prepare = () => {
      ready ??= (options.migrate ? migrateDb(db, options.schema) : checkSchema(db, options.schema)).catch(
        (e) => {
          ready = null
          throw e
        },
      )
      return ready
    }
    const sql: Sql = async (text, params) => {
      await prepare()
      return db.query(text, params)
    }
    const scope: Scope = {
      s: quoteSchema(options.schema),
      sql,
      tx: async (fn) => {
        await prepare()
        return db.tx(fn)
      },
    }
    const store: WismoStore = {
      id: 'postgres',
      ...shipmentMethods(scope, { groupCommit: options.groupCommit }),
      ...queueMethods(scope),
      ...runtimeMethods(scope),
      ...bucketMethods(scope),
      ...labelMethods(scope),
      ...feedbackMethods(scope),
      ...opsMethods(scope, { groupCommit: options.groupCommit }),
      async close() {},
    }
    // Driver errors become coded errors (lost connection → `STORE_UNAVAILABLE`, deadlock → `STORE_CONFLICT`, …).
    return mapStoreErrors(store, pgError)
  },
})
