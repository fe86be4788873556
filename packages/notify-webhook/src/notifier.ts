import {
  defineNotifier,
  isWismoError,
  type Notifier,
  type NotifierFactoryContext,
  type OutgoingMessage,
  type SendResult,
  signStandardWebhook,
  WismoError,
} from '@wismo/core'
import { webhookBody, webhookId } from './message.ts'
import { checkDestination } from './network.ts'
import {
  type ResolvedWebhookOptions,
  type WebhookNotifierOptions,
  WebhookNotifierOptionsSchema,
} from './options.ts'
import { guardedFetch, PRIVATE_NETWORK_MARK, type TransportPolicy } from './transport.ts'

/**
 * A configured webhook notifier (id `'webhook'`, channel `'webhook'`). Its `send` takes a message
 * as written (`tags` optional), which defineNotifier validates; it is still a {@link Notifier}.
 */
export type WebhookNotifier = Omit<Notifier, 'send'> & {
  send(message: OutgoingMessage): Promise<SendResult>
}

/** Extra wiring for {@link webhookNotifier}: a clock for `webhook-timestamp` (tests). */
export interface WebhookNotifierContext extends NotifierFactoryContext {
  now?: () => Date
}

interface Destination {
  url: URL
  secrets: readonly string[]
  allowPrivate: boolean
}

/**
 * Outgoing signed webhooks in the Standard Webhooks format: each message is POSTed as
 * `{ type, timestamp, data }` with `webhook-id` (the message's idempotency key, stable across
 * retries), `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`, one entry
 * per secret). `to` is a configured endpoint's name or, unless `allowUrlRecipients` is false, an
 * http(s) URL; loopback and private destinations are refused unless allowed.
 * @example
 * const hooks = webhookNotifier({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', endpoints: { erp: 'https://erp.example/hooks' } })
 * await hooks.send({ idempotencyKey: 'n_1', channel: 'webhook', to: 'erp', text: 'delivered', type: 'shipment.delivered', payload: { id: 's_1' } })
 */
export function webhookNotifier(
  options: WebhookNotifierOptions,
  context: WebhookNotifierContext = {},
): WebhookNotifier {
  const { now = () => new Date(), ...factoryContext } = context
  // The transport needs the validated `allowPrivateNetworks`; setup hands it over before any send.
  const policy: TransportPolicy = { allowPrivateNetworks: false }
  const define = defineNotifier({
    id: 'webhook',
    name: 'Webhooks (Standard Webhooks)',
    options: WebhookNotifierOptionsSchema,
    secrets: ['secret'],
    capabilities: { channels: ['webhook'], idempotencyKeys: true, deliveryEvents: false },
    requestsPerSecond: (o) => o.requestsPerSecond,
    http: (o) => ({
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      headers: { 'user-agent': 'wismo-webhooks/1' },
    }),
    setup: (o, { http }) => {
      policy.allowPrivateNetworks = o.allowPrivateNetworks
      policy.ca = o.ca
      return {
        send: async (message) => {
          const to = destination(message.to, o)
          const at = now()
          const id = webhookId(message.idempotencyKey)
          const body = JSON.stringify(webhookBody(message, at))
          const signed = await sign(to.secrets, id, at, body)
          try {
            const response = await http.request(to.url.href, {
              method: 'POST',
              body,
              headers: {
                ...signed,
                'content-type': 'application/json',
                ...(to.allowPrivate ? { [PRIVATE_NETWORK_MARK]: '1' } : {}),
              },
            })
            const theirs = o.messageIdHeader ? response.headers.get(o.messageIdHeader) : null
            return { providerMessageId: theirs?.trim().slice(0, 300) || id }
          } catch (e) {
            throw refined(e, to.url)
          }
        },
      }
    },
  })
  return define(options, { ...factoryContext, fetch: guardedFetch(policy, factoryContext.fetch) })
}

/** Where `to` goes: a named endpoint (host configuration) or a URL (maybe from a user). */
function destination(to: string, o: ResolvedWebhookOptions): Destination {
  const endpoints: ResolvedWebhookOptions['endpoints'] = {
    ...(o.url ? { default: { url: o.url, secret: undefined, privateNetwork: false } } : {}),
    ...o.endpoints,
  }
  const named = Object.hasOwn(endpoints, to) ? endpoints[to] : undefined
  if (named) {
    const allowPrivate = o.allowPrivateNetworks || named.privateNetwork === true
    return { url: checkDestination(named.url, allowPrivate), secrets: named.secret ?? o.secret, allowPrivate }
  }
  if (!o.allowUrlRecipients || !/^[a-z][a-z0-9+.-]*:/i.test(to))
    throw new WismoError('NOTIFY_REQUEST_REJECTED', 'webhook recipient is not a configured endpoint', {
      details: { endpoints: Object.keys(endpoints), reason: 'unknown_endpoint' },
    })
  return {
    url: checkDestination(to, o.allowPrivateNetworks),
    secrets: o.secret,
    allowPrivate: o.allowPrivateNetworks,
  }
}

/** The three headers, with one `v1` signature per secret (all valid during a rotation). */
async function sign(secrets: readonly string[], id: string, at: Date, body: string) {
  const each = await Promise.all(
    secrets.map((secret) => signStandardWebhook({ secret, id, timestamp: at, body })),
  )
  const first = each[0] as (typeof each)[number]
  return { ...first, 'webhook-signature': each.map((h) => h['webhook-signature']).join(' ') }
}

/**
 * Standard Webhooks' reading of a receiver's answer where it differs from the HTTP client's:
 * 410 Gone disables the endpoint, a 404 or a redirect is a refusal (never followed).
 */
function refined(e: unknown, url: URL): unknown {
  if (!isWismoError(e)) return e
  const status = typeof e.details?.status === 'number' ? e.details.status : undefined
  const where = { ...e.details, endpoint: url.origin }
  if (status === 410)
    return new WismoError(
      'NOTIFY_REQUEST_REJECTED',
      'webhook endpoint is gone (HTTP 410): stop sending to it',
      {
        cause: e,
        details: { ...where, reason: 'endpoint_gone', disableEndpoint: true },
      },
    )
  if (status === 404 || (status !== undefined && status >= 300 && status < 400))
    return new WismoError('NOTIFY_REQUEST_REJECTED', `webhook receiver answered HTTP ${status}`, {
      cause: e,
      details: { ...where, reason: status === 404 ? 'not_found' : 'redirect_not_followed' },
    })
  return e
}
