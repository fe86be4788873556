import type { Wismo } from '@wismo/core'
import { testMount } from '@wismo/testing/mount'
import express from 'express'
import { expressWebhooks, keepRawBody } from '../src/index.ts'
import { serve } from './serve.ts'

testMount({
  name: 'express, mounted before express.json()',
  start: async (wismo: Wismo) => {
    const app = express()
    app.use('/webhooks', expressWebhooks(wismo))
    app.use(express.json())
    return serve(app)
  },
})

/** A parser in front answers 413 itself, and Express's final handler drains the whole body first. */
const parserFirst = [
  {
    reason:
      "the body parser's 413 goes through Express's final handler, which reads the rest of the request before answering (bounded memory, unbounded time); mount before express.json() to cut it off",
    tests: ['cuts off an endless chunked body with 413 instead of buffering it'],
  },
]

testMount({
  name: 'express, after express.json({ verify: keepRawBody })',
  skip: parserFirst,
  start: async (wismo: Wismo) => {
    const app = express()
    app.use(express.json({ verify: keepRawBody }))
    app.use('/webhooks', expressWebhooks(wismo))
    return serve(app)
  },
})

testMount({
  name: 'express, as router.all("/:carrier") after express.raw()',
  skip: parserFirst,
  start: async (wismo: Wismo) => {
    const app = express()
    const router = express.Router()
    router.all('/:carrier', expressWebhooks(wismo))
    app.use(express.raw({ type: '*/*' }))
    app.use('/hooks', router)
    return serve(app, '/hooks')
  },
})
