import { redactText } from '../logger.ts'

/**
 * The attribute keys Wismo puts on spans and metrics: data, so docs and tests read one table.
 * Only identifiers and states: never a customer's contact, a name, a token, a body or a secret.
 */
export const TELEMETRY_ATTRIBUTES = {
  carrier: 'wismo.carrier',
  provider: 'wismo.provider',
  notifier: 'wismo.notifier',
  channel: 'wismo.channel',
  trigger: 'wismo.trigger',
  shipmentId: 'wismo.shipment.id',
  orderId: 'wismo.order.id',
  source: 'wismo.source',
  outcome: 'wismo.outcome',
  statusFrom: 'wismo.status.from',
  statusTo: 'wismo.status.to',
  newEvents: 'wismo.events.new',
  errorCode: 'wismo.error.code',
  route: 'wismo.webhook.route',
  statusClass: 'http.status_class',
  attempt: 'wismo.attempt',
  method: 'http.request.method',
  statusCode: 'http.response.status_code',
  urlPath: 'url.path',
  resendCount: 'http.request.resend_count',
} as const

/** `404` → `'4xx'`: a bounded value for metric attributes. */
export const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`

/**
 * A request path fit for a span: no query string or fragment, the adapter's secrets masked, and
 * anything shaped like an e-mail address or phone number masked too.
 * @example safePath('/v1/track/1Z999?apiKey=k', ['k']) // '/v1/track/1Z999'
 */
export function safePath(path: string, secrets: readonly string[] = []): string {
  const bare = path.split(/[?#]/, 1)[0] ?? ''
  return redactText(bare.startsWith('/') ? bare : `/${bare}`, secrets)
}
