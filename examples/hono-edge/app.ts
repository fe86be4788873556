import { createWismo, isWismoError, type Wismo, WismoError } from '@wismo/core'
import { Hono } from 'hono'
import { harborCarrier } from './carrier.ts'

/** What the edge platform hands the app: secrets as bindings, never `process.env`. */
export interface EdgeEnv {
  /** Active Standard Webhooks secrets, comma-separated (two during a rotation). */
  HARBOR_WEBHOOK_SECRETS?: string
}

/**
 * The example's Wismo instance: core only, the default in-memory store. An isolate's memory is
 * lost when the platform recycles it and is not shared between isolates, so a real deployment
 * passes a store reachable over HTTP instead.
 * @example const wismo = createEdgeWismo({ HARBOR_WEBHOOK_SECRETS: 'whsec_…' })
 */
export function createEdgeWismo(env: EdgeEnv): Wismo {
  const secrets = (env.HARBOR_WEBHOOK_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (secrets.length === 0)
    throw new WismoError('CONFIG_INVALID', 'Set HARBOR_WEBHOOK_SECRETS (comma-separated whsec_… secrets)')
  return createWismo({ carriers: [harborCarrier({ webhookSecrets: secrets })] })
}

/**
 * The Hono app: carrier webhooks in, shipments out, Web `Request`/`Response` only.
 * - `POST /webhooks/:carrier`: Wismo's handler on the raw request (it reads the signed bytes itself).
 * - `GET /shipments/:id`: a shipment and its timeline by Wismo's id.
 * - `GET /track/:carrier/:number`: the same, found by carrier and tracking number.
 * @example export default createApp(createEdgeWismo(env))
 */
export function createApp(wismo: Wismo): Hono {
  const app = new Hono()
  // `all`, not `post`: other methods get the handler's 405 with `Allow: POST`.
  app.all('/webhooks/:carrier', (c) => wismo.webhooks.handle(c.req.raw, { carrier: c.req.param('carrier') }))
  app.get('/shipments/:id', async (c) => c.json(await wismo.getShipment(c.req.param('id'))))
  app.get('/track/:carrier/:number', async (c) => {
    const view = await wismo.findShipment(c.req.param('carrier'), c.req.param('number'))
    if (!view) throw new WismoError('SHIPMENT_NOT_FOUND', 'No such shipment')
    return c.json(view)
  })
  app.onError((error, c) => {
    if (!isWismoError(error)) throw error
    return c.json({ error: { code: error.code, message: error.message } }, error.status as 404)
  })
  return app
}
