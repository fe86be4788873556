export type { PoolLike, PostgresClient, Queryable, QueryResultLike, TransactionalClient } from './db.ts'
export {
  LATEST_VERSION,
  MIGRATIONS,
  type MigrateResult,
  migrate,
  type PostgresMigration,
} from './migrations.ts'
export { type PostgresStoreOptions, postgresStore } from './store.ts'
