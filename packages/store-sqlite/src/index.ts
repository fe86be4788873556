export {
  APPLICATION_ID,
  LATEST_VERSION,
  MIGRATIONS,
  type MigrateResult,
  migrate,
  type SqliteMigration,
} from './migrations.ts'
export { type SqliteStoreOptions, sqliteStore } from './store.ts'
