import { memoryStore } from '@wismo/core'
import { DATABASE_CLOCK_CASES, testStore } from '../src/store.ts'

testStore({
  name: 'memory',
  create: () => memoryStore(),
  skip: [
    {
      reason: 'one process and no database: the injected clock decides leases too',
      tests: DATABASE_CLOCK_CASES,
    },
  ],
})
