import { describe, expect, it } from 'vitest'
import type { TrackingUpdate } from '../../domain/schemas.ts'
import { memoryStore } from '../../store/memory-store.ts'
import { acmeCarrier } from '../../test-carriers.test-helpers.ts'
import { createWismo } from '../../wismo.ts'
import type { ParsedOutgoingMessage } from '../contract.ts'
import { defineNotifier } from '../define-notifier.ts'
import { NotificationsOptionsSchema } from './options.ts'

const T0 = Date.parse('2026-03-02T15:00:00Z')
const MIN = 60_000
const HOUR = 60 * MIN

function fakeProvider(id: string, channel: 'email' | 'sms') {
  const sent: ParsedOutgoingMessage[] = []
  const notifier = defineNotifier({
    id,
    capabilities: { channels: [channel], idempotencyKeys: false },
    setup: () => ({
      send: async (message) => {
        sent.push(message)
        return { providerMessageId: `${id}-${sent.length}` }
      },
    }),
  })()
  return { notifier, sent }
}

/** A shop that invites feedback by e-mail and SMS (`invite: false`: by no channel). */
function world(options: { invite?: boolean; afterMs?: number } = {}) {
  let t = T0
  const email = fakeProvider('mail', 'email')
  const sms = fakeProvider('sms', 'sms')
  const store = memoryStore()
  const wismo = createWismo({
    store,
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
    clock: () => new Date(t),
    notifications: {
      channels: { email: [email.notifier], sms: [sms.notifier] },
      triggers: {
        delivered: ['email'],
        ...(options.invite === false ? {} : { feedback_request: ['email', 'sms'] as const }),
      },
      shop: { name: 'Lumen & Co' },
      trackingUrl: ({ orderId }) => `https://shop.example/track/${orderId}`,
      quietHours: null,
      ...(options.afterMs === undefined ? {} : { feedbackRequestAfterMs: options.afterMs }),
    },
  })
  const advance = (ms: number) => {
    t += ms
  }
  const pass = () => wismo.workers.notify({ workerId: 'n1' })
  return { wismo, store, email, sms, advance, pass }
}

const NUMBER = 'ACME00000077'
const delivered = (occurredAt: string): TrackingUpdate => ({
  carrier: 'acme',
  trackingNumber: NUMBER,
  source: 'webhook',
  events: [{ status: 'delivered', rawCode: 'DL', rawText: 'Delivered, front door', occurredAt }],
})

async function registered(w: ReturnType<typeof world>) {
  await w.wismo.registerOrder({
    id: 'A-1',
    customer: {
      name: 'Ana Lima',
      email: 'ana@example.com',
      phone: '+14155550123',
      timeZone: 'America/Denver',
    },
    preferences: { email: true, sms: true, mutedTriggers: [] },
  })
  return w.wismo.registerShipment({ orderId: 'A-1', trackingNumber: NUMBER, carrier: 'acme' })
}

const invitations = (w: ReturnType<typeof world>) =>
  [...w.email.sent, ...w.sms.sent].filter((m) => m.tags.trigger === 'feedback_request')

describe('the feedback invitation (feedback_request)', () => {
  it('goes out once per channel a day after the delivery scan, and never again', async () => {
    const w = world()
    await registered(w)
    // Delivered at 14:00Z, an hour before the clock: the invitation is due at 14:00Z the next day.
    await w.wismo.ingest(delivered('2026-03-02T07:00:00-07:00'))
    w.advance(23 * HOUR - MIN)
    await w.pass()
    expect(invitations(w)).toEqual([])
    w.advance(MIN)
    expect(await w.pass()).toMatchObject({ claimed: 2, sent: 2 })
    const [mail, text] = [w.email.sent.at(-1), w.sms.sent.at(-1)]
    expect(mail?.subject).toBe('How was your Lumen & Co delivery?')
    expect(mail?.html).toContain('https://shop.example/track/A-1')
    expect(text?.text).toMatch(
      /^Lumen & Co: Hi Ana, how was your delivery\? .*https:\/\/shop\.example\/track\/A-1$/,
    )
    // A replayed delivery scan adds no second invitation.
    await w.wismo.ingest(delivered('2026-03-02T07:00:00-07:00'))
    w.advance(2 * 24 * HOUR)
    await w.pass()
    expect(invitations(w)).toHaveLength(2)
  })

  it('is skipped (done, not sent) when the customer has rated the delivery by then', async () => {
    const w = world()
    const shipment = await registered(w)
    await w.wismo.ingest(delivered('2026-03-02T07:00:00-07:00'))
    const at = new Date(T0 + HOUR).toISOString()
    await w.store.saveFeedback({
      shipmentId: shipment.id,
      orderId: 'A-1',
      rating: 5,
      comment: null,
      createdAt: at,
      updatedAt: at,
    })
    w.advance(24 * HOUR)
    // The delivered e-mail goes out; both invitations are skipped.
    expect(await w.pass()).toMatchObject({ claimed: 3, sent: 1, skipped: 2 })
    expect(invitations(w)).toEqual([])
    const rows = await w.store.listOutbox({ shipmentId: shipment.id })
    const invites = rows.filter((r) => r.payload.trigger === 'feedback_request')
    expect(invites.map((r) => [r.state, r.lastError])).toEqual([
      ['done', 'skipped: the customer has already given feedback'],
      ['done', 'skipped: the customer has already given feedback'],
    ])
  })

  it('is skipped when the shipment is no longer delivered when it comes due', async () => {
    const w = world()
    const shipment = await registered(w)
    await w.wismo.ingest(delivered('2026-03-02T07:00:00-07:00'))
    // The carrier takes the delivery back: the parcel is on its way back to the shop.
    const stored = await w.store.getShipment(shipment.id)
    if (!stored) throw new Error('no shipment')
    const back = { ...stored, status: 'returned' as const, version: stored.version + 1 }
    await w.store.commit({ shipment: back, expectedVersion: stored.version, events: [], outbox: [] })
    w.advance(24 * HOUR)
    expect(await w.pass()).toMatchObject({ claimed: 3, sent: 1, skipped: 2 })
    expect(invitations(w)).toEqual([])
  })

  it('counts from when Wismo learned of the delivery when the scan has no offset, and waits feedbackRequestAfterMs', async () => {
    const w = world({ afterMs: 2 * HOUR })
    await registered(w)
    // A local time says too little about the instant; the clock (15:00Z) is the start.
    await w.wismo.ingest(delivered('2026-03-02T05:00:00'))
    w.advance(2 * HOUR - MIN)
    await w.pass()
    expect(invitations(w)).toEqual([])
    w.advance(MIN)
    await w.pass()
    expect(invitations(w)).toHaveLength(2)
  })

  it('adds no invitation when feedback_request notifies on no channel', async () => {
    const w = world({ invite: false })
    const shipment = await registered(w)
    await w.wismo.ingest(delivered('2026-03-02T07:00:00-07:00'))
    const rows = await w.store.listOutbox({ shipmentId: shipment.id })
    expect(rows.some((r) => r.payload.trigger === 'feedback_request')).toBe(false)
    expect(rows.some((r) => r.payload.trigger === 'delivered')).toBe(true)
  })

  it('defaults feedbackRequestAfterMs to a day and refuses a negative one', () => {
    const base = {
      channels: {},
      triggers: {},
      shop: { name: 'Lumen & Co' },
      trackingUrl: () => 'https://shop.example/t',
    }
    expect(NotificationsOptionsSchema.parse(base).feedbackRequestAfterMs).toBe(24 * HOUR)
    expect(NotificationsOptionsSchema.safeParse({ ...base, feedbackRequestAfterMs: -1 }).success).toBe(false)
  })
})
