/**
 * Serve the example on Node without extra packages: `toWebRequest`/`sendWebResponse` from
 * `@wismo/mount-node` bridge any fetch-style app. In production on Node, `@hono/node-server`'s
 * `serve({ fetch: app.fetch })` does the same job.
 *   ACME_WEBHOOK_SECRETS=whsec_… node --conditions=@wismo/source examples/hono/dev-server.ts
 */
import { createServer } from 'node:http'
import { sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { createApp } from './app.ts'
import { createExampleWismo } from './wismo.ts'

const app = createApp(createExampleWismo(process.env))
const port = Number(process.env.PORT ?? 3000)
createServer((req, res) => {
  Promise.resolve()
    .then(() => app.fetch(toWebRequest(req)))
    .then((response) => sendWebResponse(res, response))
    .catch((e: unknown) => {
      console.error(e)
      res.destroy()
    })
}).listen(port, '127.0.0.1', () => console.log(`Acme webhooks: POST http://127.0.0.1:${port}/webhooks/acme`))
