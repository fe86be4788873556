import { testMount } from '@wismo/testing/mount'
import Fastify from 'fastify'
import { fastifyWebhooks } from '../src/index.ts'
import { serve } from './serve.ts'

testMount({
  name: 'fastify',
  start: async (wismo) => {
    const app = Fastify()
    app.post('/api/echo', async (req) => ({ got: req.body }))
    await app.register(fastifyWebhooks, { wismo, prefix: '/webhooks' })
    return serve(app)
  },
})
