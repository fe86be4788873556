import type { WebhookDelivery } from './shipment.ts'

/**
 * Webhook deliveries waiting to be sent, taken in delivery order. Ties keep planning order
 * (`Array.prototype.sort` is stable), so the order is deterministic.
 */
export class DeliveryQueue {
  #pending: WebhookDelivery[] = []
  #sorted = true

  /** Sort deliveries by `deliverAt` (a copy). */
  static sorted(deliveries: readonly WebhookDelivery[]): WebhookDelivery[] {
    return [...deliveries].sort((a, b) => a.deliverAt - b.deliverAt)
  }

  add(deliveries: readonly WebhookDelivery[]): void {
    this.#pending.push(...deliveries)
    this.#sorted = false
  }

  /** Remove and return the deliveries due at or before `until` (UTC ms). */
  take(until: number): WebhookDelivery[] {
    if (!this.#sorted) {
      this.#pending = DeliveryQueue.sorted(this.#pending)
      this.#sorted = true
    }
    const due = this.#pending.findIndex((d) => d.deliverAt > until)
    return this.#pending.splice(0, due === -1 ? this.#pending.length : due)
  }
}
