// The test's PostgreSQL: the server CI runs (WISMO_TEST_PG_URL), else PGlite over loopback.
import {
  type PgliteBridge,
  pgliteBridge,
} from '../../../packages/store-postgres/test/failover-scale-out/pglite-bridge.ts'

/** A `postgres://` URL and how to let it go; fails in CI without a server, as the store tests do. */
export async function testDatabase(): Promise<{ url: string; name: string; close(): Promise<void> }> {
  const server = process.env.WISMO_TEST_PG_URL
  if (server) return { url: server, name: 'PostgreSQL server', close: async () => {} }
  if (process.env.CI === 'true') throw new Error('CI=true but WISMO_TEST_PG_URL is not set')
  const bridge: PgliteBridge = await pgliteBridge()
  return { url: bridge.url, name: 'PostgreSQL (PGlite stand-in over loopback)', close: () => bridge.close() }
}
