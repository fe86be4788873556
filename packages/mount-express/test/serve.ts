import type { AddressInfo } from 'node:net'
import type { Express } from 'express'

/** Serve `app` on loopback; the suite posts to `<url>/<carrier>`. */
export async function serve(app: Express, base = '/webhooks') {
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
