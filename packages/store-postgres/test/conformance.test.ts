import { PGlite } from '@electric-sql/pglite'
import { testStore } from '@wismo/testing/store'
import type pg from 'pg'
import { afterAll } from 'vitest'
import { migrate, postgresStore } from '../src/index.ts'
import {
  dropSchema,
  freshSchema,
  pgliteSql,
  poolSql,
  probeOf,
  serverStore,
  truncate,
  withServer,
} from './support.ts'

// PGlite: the real PostgreSQL engine compiled to WASM, in process. One instance, emptied per test.
let lite: PGlite
testStore({
  name: 'postgres (PGlite)',
  create: async () => {
    lite = await PGlite.create()
    await migrate(lite, { schema: 'wismo' })
    return postgresStore({ client: lite, schema: 'wismo' })
  },
  reset: () => truncate(pgliteSql(lite), 'wismo'),
  probe: () => probeOf(pgliteSql(lite), 'wismo'),
  reopen: () => postgresStore({ client: lite, schema: 'wismo' }),
})

withServer('postgres (real server)', (url) => {
  const schema = freshSchema()
  let pools: { pool: pg.Pool; admin: pg.Pool } | undefined
  testStore({
    name: `postgres server, schema ${schema}`,
    create: async () => {
      const made = await serverStore(url, schema)
      pools = made
      return made.store
    },
    reset: () => truncate(poolSql(pools?.admin as pg.Pool), schema),
    probe: () => probeOf(poolSql(pools?.admin as pg.Pool), schema),
    reopen: () => postgresStore({ client: pools?.pool as pg.Pool, schema }),
  })
  afterAll(async () => {
    if (!pools) return
    await dropSchema(poolSql(pools.admin), schema)
    await Promise.all([pools.pool.end(), pools.admin.end()])
  })
})
