import type { Wismo } from '@wismo/core'
import { Hono } from 'hono'

/**
 * A Hono app receiving carrier webhooks at `/webhooks/:carrier`. Hono hands over the Web
 * `Request` itself (`c.req.raw`), so the handler reads the exact bytes the carrier signed; no
 * adapter is needed. Do not read the body (`c.req.json()`) in a middleware before this route.
 * @example
 * const app = createApp(createExampleWismo(process.env))
 * export default app // Bun, Deno, Cloudflare Workers
 */
export function createApp(wismo: Wismo): Hono {
  const app = new Hono()
  // `all` rather than `post`: other methods then get the handler's 405 (with Allow: POST), not a 404.
  app.all('/webhooks/:carrier', (c) => wismo.webhooks.handle(c.req.raw, { carrier: c.req.param('carrier') }))
  return app
}
