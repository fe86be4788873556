import { testStore } from '@wismo/testing/store'
import { memoryStore } from '../src/index.ts'

testStore({
  name: 'memory',
  create: () => memoryStore(),
  skip: [],
})
