/**
 * The `wismo serve` config of one torture process (bench/torture/fleet.ts starts it with
 * `wismo serve --config`): the shared PostgreSQL store, the sandbox carrier, delivered
 * notifications by e-mail and SMS through a failing primary and a healthy fallback each, the
 * outbox rows for the shop's systems dispatched to a fake endpoint, and the worker runtime with short cadences so polls and sends overlap the webhooks.
 */
import { defineServeConfig, type ServeConfig } from '../../packages/cli/src/index.ts'
import { createWismo, type Logger } from '../../packages/core/src/index.ts'
import { postgresStore } from '../../packages/store-postgres/src/index.ts'
import { pg } from '../../packages/store-postgres/test/clients.ts'
import { hostDispatch, tortureCarrier, tortureNotifier } from './adapters.ts'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set (bench/torture/fleet.ts sets it)`)
  return value
}
const providers = env('TORTURE_PROVIDERS_URL')
const timeoutMs = Number(env('TORTURE_SEND_TIMEOUT_MS'))
/**
 * `short`: the torture run's retry ladder for a failed notification, 5 s doubling up to 5 min
 * (core's default is 30 s doubling up to 1 h). Every failure still happens and is retried; only
 * the waits between attempts shrink. From the 5th attempt on the waits exceed the providers'
 * breaker pause (60 s): an attempt made while the breaker is open counts toward `maxAttempts` (12),
 * and with 1 s doubling a 20,000-event run spent 6 of a pinned message's 12 attempts against an
 * open breaker (its 12th went through).
 */
const LADDERS = {
  short: (attempts: number) => Math.min(5_000 * 2 ** (attempts - 1), 300_000),
  core: undefined,
} as const
const backoff = process.env.TORTURE_RETRY_BACKOFF ?? 'core'
if (!(backoff in LADDERS)) throw new Error(`TORTURE_RETRY_BACKOFF=${backoff}: expected short or core`)
const ladder = LADDERS[backoff as keyof typeof LADDERS]
const pool = new pg.Pool({ connectionString: env('TORTURE_PG_URL'), max: 8 })
// A killed sibling or a restarted server drops connections; the pool replaces them.
pool.on('error', () => {})

/** Errors to stderr (the orchestrator keeps the last lines of each process); the rest is quiet. */
const logger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(obj, msg) {
    process.stderr.write(
      `${msg ?? ''} ${JSON.stringify(obj, (_k, v) => (v instanceof Error ? v.message : v))}\n`,
    )
  },
}

const config: ServeConfig = defineServeConfig({
  wismo: createWismo({
    store: postgresStore({ client: pool, schema: env('TORTURE_SCHEMA') }),
    carriers: [tortureCarrier(env('TORTURE_CARRIER_URL'))],
    logger,
    notifications: {
      channels: {
        email: [
          tortureNotifier(providers, 'email-primary', 'email', timeoutMs),
          tortureNotifier(providers, 'email-fallback', 'email', timeoutMs),
        ],
        sms: [
          tortureNotifier(providers, 'sms-primary', 'sms', timeoutMs),
          tortureNotifier(providers, 'sms-fallback', 'sms', timeoutMs),
        ],
      },
      triggers: { delivered: ['email', 'sms'] },
      shop: { name: 'Torture Goods' },
      trackingUrl: ({ orderId }) => `https://shop.example/track/${orderId}`,
      burstWindowMs: 0,
      quietHours: null,
      ...(ladder ? { retryBackoffMs: ladder } : {}),
    },
  }),
  port: 0,
  host: '127.0.0.1',
  runtime: {
    workerId: env('TORTURE_WORKER'),
    every: { polls: 200, notify: 200, dispatch: 500, signals: 3_600_000 },
    dispatch: hostDispatch(providers),
  },
  shutdownTimeoutMs: 5_000,
  close: () => pool.end(),
})

export default config
