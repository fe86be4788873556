import { createWismo, type Wismo, WismoError } from '@wismo/core'
import { acmeCarrier } from './acme-carrier.ts'

const cache = globalThis as typeof globalThis & { __wismo?: Wismo }

/**
 * The app's one Wismo instance, created on first use: `next build` loads route modules without
 * runtime secrets, and dev-mode reloads would otherwise create a new instance per edit.
 * `ACME_WEBHOOK_SECRETS` holds the active secrets, comma-separated (two during a rotation).
 * The in-memory store is for the example; use `@wismo/store-postgres` in production.
 * @example const view = await getWismo().findShipment('acme', 'AC123')
 */
export function getWismo(): Wismo {
  cache.__wismo ??= createWismoFromEnv(process.env)
  return cache.__wismo
}

/**
 * A Wismo instance configured from environment variables.
 * @example const wismo = createWismoFromEnv({ ACME_WEBHOOK_SECRETS: 'new,old' })
 */
export function createWismoFromEnv(env: Record<string, string | undefined>): Wismo {
  const secrets = (env.ACME_WEBHOOK_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (secrets.length === 0)
    throw new WismoError('CONFIG_INVALID', 'Set ACME_WEBHOOK_SECRETS (comma-separated)')
  return createWismo({ carriers: [acmeCarrier({ webhookSecrets: secrets })] })
}
