import { randomInt } from 'node:crypto'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { consoleLogger, createWismo, type Wismo, WismoError } from '@wismo/core'
import { sqliteStore } from '@wismo/store-sqlite'

/**
 * The environment the app reads (`process.env`):
 * - `SANDBOX_WEBHOOK_SECRET`: `whsec_` + base64 of 24–64 random bytes; the sandbox carrier signs its webhooks with it.
 * - `WISMO_LINK_SECRET`: at least 32 random characters; signs the customers' tracking links.
 * - `PUBLIC_URL`: where customers reach the app, e.g. `https://lumen.example`; the page is at `/track`.
 * - `WISMO_SQLITE_PATH`: the SQLite file (default `./wismo.sqlite`).
 */
export type AppEnv = Readonly<Record<string, string | undefined>>

const REQUIRED = ['SANDBOX_WEBHOOK_SECRET', 'WISMO_LINK_SECRET', 'PUBLIC_URL'] as const
// A symbol on globalThis, not a module variable: Next may load this module once per route bundle
// (and again on every edit in `next dev`), and the process must still hold one instance.
const INSTANCE = Symbol.for('wismo.example-next-app')
const cache = globalThis as typeof globalThis & { [INSTANCE]?: Wismo }

/**
 * The app's one Wismo instance, created on first use: `next build` loads route modules without
 * runtime secrets, so nothing may be created at import time.
 * @example const view = await getWismo().findShipment('sandbox', 'SBX48213079565')
 */
export function getWismo(): Wismo {
  cache[INSTANCE] ??= createWismoFromEnv(process.env)
  return cache[INSTANCE]
}

/**
 * A Wismo instance on SQLite with the sandbox carrier, configured from environment variables.
 * Throws one `CONFIG_INVALID` naming every variable that is missing.
 * @example const wismo = createWismoFromEnv({ SANDBOX_WEBHOOK_SECRET, WISMO_LINK_SECRET, PUBLIC_URL: 'https://lumen.example' })
 */
export function createWismoFromEnv(env: AppEnv): Wismo {
  const missing = REQUIRED.filter((name) => !env[name]?.trim())
  if (missing.length > 0)
    throw new WismoError('CONFIG_INVALID', `Set ${missing.join(', ')} (see examples/next-app/README.md)`, {
      details: { missing },
    })
  const publicUrl = (env.PUBLIC_URL ?? '').replace(/\/+$/, '')
  return createWismo({
    store: sqliteStore({ path: env.WISMO_SQLITE_PATH ?? './wismo.sqlite' }),
    carriers: [
      // A new seed per process: a fixed one would hand out the same tracking numbers after a restart.
      sandboxCarrier({ seed: randomInt(2 ** 32), webhookSecret: env.SANDBOX_WEBHOOK_SECRET ?? '' }),
    ],
    trackingLinks: { secret: env.WISMO_LINK_SECRET ?? '', baseUrl: `${publicUrl}/track` },
    logger: consoleLogger('info'), // or pino(); secrets, e-mails and phone numbers are redacted
  })
}
