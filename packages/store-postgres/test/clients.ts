// The database drivers the tests, the scale-out workers and bench/ingest use; one import site
// inside this package, where they are installed (no vitest here: workers run under plain node).
export { PGlite } from '@electric-sql/pglite'
export { default as pg } from 'pg'
