/**
 * The adapters each torture process runs: the sandbox carrier with its tracking API pointed at the
 * orchestrator's fake (carrier-api.ts; webhooks verified and parsed by the sandbox's own code), and
 * e-mail/SMS notifiers for the fake providers (providers.ts) that send the idempotency key, as
 * Resend does.
 */
import { sandboxCarrier } from '../../packages/carrier-sandbox/src/index.ts'
import {
  type Channel,
  defineCarrier,
  defineNotifier,
  type Notifier,
  type OutboxRow,
  type TrackingUpdate,
  WismoError,
} from '../../packages/core/src/index.ts'
import type { ProviderId } from './providers.ts'
import { SANDBOX_SECRET } from './stream.ts'

/** Seed of the sandbox whose webhook code the processes use (its journeys are not used here). */
const SEED = 1

/** Carrier `'sandbox'`: the sandbox's webhook verification and parsing, polls answered by `apiUrl`. */
export function tortureCarrier(apiUrl: string) {
  const { webhook } = sandboxCarrier({ seed: SEED, webhookSecret: SANDBOX_SECRET })
  return defineCarrier({
    id: 'sandbox',
    name: 'Sandbox Express',
    capabilities: { track: true, webhooks: true, batch: 50 },
    http: () => ({ baseUrl: apiUrl, retries: 0, timeoutMs: 30_000 }),
    setup: (_options, { http }) => ({
      webhook,
      track: async (numbers) =>
        (await http.request<TrackingUpdate[]>('/track', { searchParams: { numbers: numbers.join(',') } }))
          .data,
    }),
  })()
}

/** A notifier for one fake provider; `timeoutMs` is when the sender gives up on an answer. */
export function tortureNotifier(baseUrl: string, provider: ProviderId, channel: Channel, timeoutMs: number) {
  return defineNotifier({
    id: `torture-${provider}`,
    capabilities: { channels: [channel], idempotencyKeys: true },
    http: () => ({ baseUrl, retries: 0, timeoutMs }),
    setup: (_options, { http }) => ({
      send: async (message) => {
        const answer = await http.request<{ id: string }>(`/${provider}/messages`, {
          method: 'POST',
          json: { to: message.to, subject: message.subject, text: message.text, tags: message.tags },
          headers: { 'idempotency-key': message.idempotencyKey },
        })
        return { providerMessageId: answer.data.id }
      },
    }),
  })() as Notifier
}

/**
 * The runtime's `dispatch` handler: hands each outbox row meant for the shop's systems (status
 * changes…) to the fake `host` endpoint with the row's idempotency key, which it deduplicates by.
 */
export function hostDispatch(baseUrl: string) {
  return async (row: OutboxRow) => {
    const res = await fetch(`${baseUrl}/host/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': row.idempotencyKey },
      body: JSON.stringify({ to: 'host', tags: { shipmentId: row.shipmentId ?? '', trigger: row.topic } }),
    }).catch((cause: unknown) => {
      throw new WismoError('NOTIFY_UNAVAILABLE', 'the host endpoint is unreachable', { cause })
    })
    if (!res.ok) throw new WismoError('NOTIFY_UNAVAILABLE', `the host endpoint answered ${res.status}`)
    return { providerMessageId: ((await res.json()) as { id: string }).id }
  }
}
