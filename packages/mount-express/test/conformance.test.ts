import type { Wismo } from '@wismo/core'
import { MOUNT_DRIP_TEST, testMount } from '@wismo/testing/mount'
import express from 'express'
import { expressWebhookErrors, expressWebhooks, keepRawBody } from '../src/index.ts'
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

/** What a body parser in front of the mount takes out of its hands. */
const parserFirst = [
  {
    reason:
      "the body parser's 413 goes through body-parser, which reads the rest of the request before passing the error on (bounded memory, unbounded time); mount before express.json() to cut it off",
    tests: ['cuts off an endless chunked body with 413 instead of buffering it'],
  },
  {
    reason:
      "the body parser reads the body before Wismo, without a deadline (only Node's requestTimeout, 300 s by default); mount before express.json() for the handler's deadline",
    tests: [MOUNT_DRIP_TEST],
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
  name: 'express, as router.all("/:carrier") after express.raw(), parser errors answered at the app level',
  skip: parserFirst,
  start: async (wismo: Wismo) => {
    const app = express()
    const router = express.Router()
    router.all('/:carrier', expressWebhooks(wismo))
    app.use(express.raw({ type: '*/*' }))
    app.use('/hooks', router)
    // Express skips routers while a parser's error is pending: catch it at the app level.
    app.use('/hooks', expressWebhookErrors(wismo))
    return serve(app, '/hooks')
  },
})
