import { DATABASE_CLOCK_CASES, testStore } from '@wismo/testing/store'
import { memoryStore } from '../src/index.ts'

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
