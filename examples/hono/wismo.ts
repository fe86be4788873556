import { createWismo, type Wismo, WismoError } from '@wismo/core'
import { acmeCarrier } from './carrier.ts'

/**
 * The example's Wismo instance. `ACME_WEBHOOK_SECRETS` holds the active secrets, comma-separated
 * (two during a rotation). The default in-memory store is lost on restart: use
 * `@wismo/store-sqlite` or `@wismo/store-postgres` for real deliveries.
 * @example const wismo = createExampleWismo({ ACME_WEBHOOK_SECRETS: 'whsec_…' })
 */
export function createExampleWismo(env: Record<string, string | undefined>): Wismo {
  const secrets = (env.ACME_WEBHOOK_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (secrets.length === 0)
    throw new WismoError('CONFIG_INVALID', 'Set ACME_WEBHOOK_SECRETS (comma-separated whsec_… secrets)')
  return createWismo({ carriers: [acmeCarrier({ webhookSecrets: secrets })] })
}
