import type { Logger } from '../../logger.ts'
import type { WismoStore } from '../../store/contract.ts'
import type { DeliveryEvent, Notifier } from '../contract.ts'

export interface DeliveryContext {
  store: WismoStore
  log: Logger
  emit: (provider: string, event: DeliveryEvent) => void
}

/**
 * What a provider's delivery events change: an opt-out is remembered for that recipient on the
 * provider's channels (no more messages there), and every event is handed to the host as
 * `notification.delivery` (match it to a message by `providerMessageId` or `idempotencyKey`).
 */
export async function recordDeliveries(
  ctx: DeliveryContext,
  notifier: Notifier,
  events: readonly DeliveryEvent[],
) {
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
