import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, defineNotifier, type WismoStore } from '@wismo/core'
import { trackingPage } from '../src/index.ts'
import type { TrackingPageOptions } from '../src/options.ts'

export const LINK_SECRET = 'test-only-tracking-link-secret-0123456789'
const WEBHOOK_SECRET = 'whsec_ZGVtby1vbmx5LXNlY3JldC1mb3Itd2lzbW8tZGVtbw=='
export const ORIGIN = 'http://shop.test'

/** A notifier that keeps what it is asked to send (the page only reads the settings). */
const inbox = defineNotifier({
  id: 'inbox',
  capabilities: { channels: ['email', 'sms'], idempotencyKeys: true, deliveryEvents: false },
  setup: () => ({ send: async () => ({ providerMessageId: crypto.randomUUID() }) }),
})

export type Journey = 'delivered' | 'failedAttempt' | 'exception' | 'returned' | 'lost'

/** A Wismo with the sandbox carrier, signed links, optional notifications, and the page on it. */
export function world(
  options: { notifications?: boolean; store?: WismoStore; page?: Partial<TrackingPageOptions> } = {},
) {
  let time = new Date('2026-03-02T08:00:00Z')
  const clock = () => time
  const sandbox = sandboxCarrier({ seed: 7, webhookSecret: WEBHOOK_SECRET, clock })
  const notifier = inbox()
  const wismo = createWismo({
    carriers: [sandbox],
    clock,
    ...(options.store ? { store: options.store } : {}),
    trackingLinks: { secret: LINK_SECRET, baseUrl: `${ORIGIN}/track` },
    ...(options.notifications
      ? {
          notifications: {
            channels: { email: [notifier], sms: [notifier] },
            triggers: { out_for_delivery: ['sms'], delivered: ['email'], delayed: ['email', 'sms'] },
            shop: { name: 'Lumen Goods' },
            trackingUrl: ({ orderId }: { orderId: string }) => `${ORIGIN}/track/${orderId}`,
          },
        }
      : {}),
  })
  const page = trackingPage(wismo, {
    shop: { name: 'Lumen Goods', colour: '#0b6e4f', supportEmail: 'help@lumen.example' },
    ...options.page,
  })

  /** Register an order with one sandbox parcel on `journey` and ingest its whole history. */
  async function order(
    id: string,
    journey: Journey,
    customer: { email?: string; phone?: string; locale?: string } = {},
  ) {
    await wismo.registerOrder({
      id,
      customer: {
        email: customer.email ?? `${id.toLowerCase()}@example.com`,
        ...customer,
        timeZone: 'America/New_York',
      },
    })
    const sim = sandbox.simulator.ship({ scenario: journey })
    const { city, region, postal_code, country } = sim.destination
    const shipment = await wismo.registerShipment({
      orderId: id,
      carrier: sandbox.id,
      trackingNumber: sim.trackingNumber,
      destination: {
        city,
        country,
        ...(region ? { region } : {}),
        ...(postal_code ? { postalCode: postal_code } : {}),
      },
    })
    // Each webhook arrives when the carrier sends it (the clock follows), as in production.
    for (const d of [...sim.deliveries].sort((a, b) => a.deliverAt - b.deliverAt)) {
      if (d.deliverAt > time.getTime()) time = new Date(d.deliverAt)
      await wismo.ingest(d.update)
    }
    return { sim, shipment: (await wismo.getShipment(shipment.id)).shipment }
  }

  const link = async (orderId: string) => new URL(await wismo.trackingLink(orderId)).pathname
  const get = (path: string, headers: Record<string, string> = {}) =>
    page.handle(new Request(`${ORIGIN}${path}`, { headers }))
  const post = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one)
    return page.handle(
      new Request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    )
  }
  return {
    wismo,
    page,
    sandbox,
    order,
    link,
    get,
    post,
    advance: (ms: number) => {
      time = new Date(time.getTime() + ms)
    },
    setTime: (at: Date) => {
      time = at
    },
  }
}
