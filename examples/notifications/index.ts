// A shop that tells its customers where their parcels are: e-mail through Resend, SMS through
// Twilio with Vonage taking over while Twilio is down, every message queued in the same SQLite
// transaction as the tracking update that calls for it.
import { fileURLToPath } from 'node:url'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, type Logger, type NotificationsOptions, type Wismo, WismoError } from '@wismo/core'
import { resendNotifier } from '@wismo/notify-resend'
import { twilioSms } from '@wismo/notify-twilio'
import { vonageSms } from '@wismo/notify-vonage'
import { sqliteStore } from '@wismo/store-sqlite'

/** The environment the shop reads. */
export interface ShopEnv {
  /** Any other variable (so `process.env` is accepted as it is). */
  [name: string]: string | undefined
  /** The SQLite file (default `./shop.db`). */
  WISMO_DB?: string
  /** `whsec_…`: the sandbox carrier signs its webhooks with it (any 24–64 random bytes, base64). */
  SANDBOX_WEBHOOK_SECRET?: string
  /** Resend API key (`re_…`) and a sender on a domain verified in Resend. */
  RESEND_API_KEY?: string
  RESEND_FROM?: string
  /** Sends per second this process starts at Resend (default 2; Resend's limit is per team). */
  RESEND_REQUESTS_PER_SECOND?: string
  /** Twilio Account SID (`AC…`), Auth Token and sending number. */
  TWILIO_ACCOUNT_SID?: string
  TWILIO_AUTH_TOKEN?: string
  TWILIO_FROM?: string
  /** Vonage API key, secret and sender. */
  VONAGE_API_KEY?: string
  VONAGE_API_SECRET?: string
  VONAGE_FROM?: string
  /** Other API hosts (a proxy, or fakes in tests). */
  RESEND_BASE_URL?: string
  TWILIO_BASE_URL?: string
  VONAGE_BASE_URL?: string
  /** Where the shop's tracking pages live (default `https://shop.example`). */
  SHOP_URL?: string
}

/** What a caller may set besides the environment: a clock, a logger, engine settings, HTTP. */
export interface ShopOptions {
  clock?: () => Date
  logger?: Logger
  /** Merged over the shop's notification settings (e.g. `unknownOutcome`, `breakers`). */
  notifications?: Partial<NotificationsOptions>
  /** Retries and timeout of every provider's HTTP client (defaults: the providers' own). */
  http?: { retries?: number; timeoutMs?: number }
}

function required(env: ShopEnv, name: keyof ShopEnv): string {
  const value = env[name]?.trim()
  if (!value) throw new WismoError('CONFIG_INVALID', `${name} is not set`, { details: { variable: name } })
  return value
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>

/**
 * The shop's Wismo instance with notifications: out for delivery by SMS, delivered and problems
 * by e-mail. `wismo.workers.notify` sends what is due.
 * @example const wismo = createShop(process.env)
 */
export function createShop(env: ShopEnv, options: ShopOptions = {}): Wismo {
  const http = {
    ...optional('retries', options.http?.retries),
    ...optional('timeoutMs', options.http?.timeoutMs),
  }
  const email = resendNotifier({
    apiKey: required(env, 'RESEND_API_KEY'),
    from: required(env, 'RESEND_FROM'),
    ...optional(
      'requestsPerSecond',
      env.RESEND_REQUESTS_PER_SECOND ? Number(env.RESEND_REQUESTS_PER_SECOND) : undefined,
    ),
    ...optional('baseUrl', env.RESEND_BASE_URL),
    ...http,
  })
  const twilio = twilioSms({
    accountSid: required(env, 'TWILIO_ACCOUNT_SID'),
    authToken: required(env, 'TWILIO_AUTH_TOKEN'),
    from: required(env, 'TWILIO_FROM'),
    ...optional('baseUrl', env.TWILIO_BASE_URL),
    ...http,
  })
  const vonage = vonageSms({
    apiKey: required(env, 'VONAGE_API_KEY'),
    apiSecret: required(env, 'VONAGE_API_SECRET'),
    from: required(env, 'VONAGE_FROM'),
    ...optional('baseUrl', env.VONAGE_BASE_URL),
    ...http,
  })
  const shopUrl = env.SHOP_URL ?? 'https://shop.example'
  return createWismo({
    store: sqliteStore({ path: env.WISMO_DB ?? './shop.db' }),
    carriers: [
      sandboxCarrier({
        seed: 1,
        webhookSecret: required(env, 'SANDBOX_WEBHOOK_SECRET'),
        ...optional('clock', options.clock),
      }),
    ],
    ...optional('clock', options.clock),
    ...optional('logger', options.logger),
    notifications: {
      channels: { email: [email], sms: [twilio, vonage] },
      triggers: {
        out_for_delivery: ['sms'],
        delivered: ['email'],
        exception: ['email'],
        attempt_failed: ['email', 'sms'],
      },
      shop: { name: 'Lumen & Co', supportEmail: 'help@shop.example' },
      trackingUrl: ({ orderId }) => `${shopUrl}/orders/${encodeURIComponent(orderId)}/tracking`,
      unknownOutcome: { sms: 'resend' },
      ...options.notifications,
    },
  })
}

/**
 * The notification worker: sends what is due, then looks again every `idleMs`, until SIGINT or
 * SIGTERM. Run one per process; several may share the SQLite file (each message goes to one).
 */
export async function runNotifyWorker(wismo: Wismo, { idleMs = 10_000 } = {}): Promise<void> {
  let stopping = false
  const stop = () => {
    stopping = true
  }
  process.once('SIGINT', stop).once('SIGTERM', stop)
  const workerId = `notify-${process.pid}`
  while (!stopping) {
    const report = await wismo.workers.notify({ workerId })
    if (report.claimed > 0) console.log(JSON.stringify({ notify: report }))
    else await new Promise((resolve) => setTimeout(resolve, idleMs))
  }
}

// `node --conditions=@wismo/source index.ts`: the worker, configured from the environment.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wismo = createShop(process.env)
  try {
    await runNotifyWorker(wismo)
  } finally {
    await wismo.close()
  }
}
