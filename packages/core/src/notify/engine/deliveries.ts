import type { Logger } from '../../logger.ts'
import type { WismoStore } from '../../store/contract.ts'
import type { DeliveryEvent, Notifier } from '../contract.ts'

export interface DeliveryContext {
  store: WismoStore
  log: Logger
  now: () => Date
  emit: (provider: string, event: DeliveryEvent) => void
}

/** Topic of the outbox rows that record providers' delivery events (handed to `dispatchOutbox`). */
export const DELIVERY_TOPIC = 'notification.delivery'

/**
 * What a provider's delivery events change: each is recorded durably as an outbox row (topic
 * `notification.delivery`, one per provider, message, status and event, so a redelivered event is
 * recorded once) before the webhook is acknowledged; an opt-out is remembered for that recipient
 * on the provider's channels; and every event is emitted as `notification.delivery`. Match an
 * event to its message by `providerMessageId` (the message row's) or `idempotencyKey`.
 */
export async function recordDeliveries(
  ctx: DeliveryContext,
  notifier: Notifier,
  events: readonly DeliveryEvent[],
) {
  const rows = events.map((event) => ({
    idempotencyKey: `delivery:${notifier.id}:${event.providerMessageId}:${event.status}:${event.providerEventId ?? event.occurredAt}`,
    shipmentId: null,
    topic: DELIVERY_TOPIC,
    payload: { provider: notifier.id, ...event },
  }))
  if (rows.length) await ctx.store.enqueue(rows, { now: ctx.now().toISOString() })
  for (const event of events) {
    if (event.status === 'opted_out' && event.recipient) {
      const current = (await ctx.store.getPreferences(event.recipient)) ?? {
        email: true,
        sms: true,
        mutedTriggers: [],
      }
      const off = Object.fromEntries(
        notifier.capabilities.channels.filter((c) => c !== 'webhook').map((c) => [c, false]),
      )
      await ctx.store.setPreferences(event.recipient, { ...current, ...off })
      ctx.log.info({ provider: notifier.id }, 'a recipient opted out; remembered')
    }
    ctx.emit(notifier.id, event)
  }
}
