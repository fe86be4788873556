import type { FastifyInstance } from 'fastify'

/** Listen on loopback; `url` is the server origin followed by `base`. */
export async function serve(app: FastifyInstance, base = '/webhooks') {
  const origin = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url: `${origin}${base}`, close: () => app.close() }
}
