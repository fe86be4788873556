import { describe, expect, it, vi } from 'vitest'
import type { TrackingUpdate } from '../../domain/schemas.ts'
import { WismoError } from '../../errors.ts'
import { memoryStore } from '../../store/memory-store.ts'
import { acmeCarrier } from '../../test-carriers.test-helpers.ts'
import { hmacHeaderVerifier, signHmacHeader } from '../../webhooks/verify/hmac-header.ts'
import { createWismo } from '../../wismo.ts'
import type { ParsedOutgoingMessage } from '../contract.ts'
import { defineNotifier } from '../define-notifier.ts'
import { quietUntil } from './quiet-hours.ts'

const T0 = Date.parse('2026-03-02T15:00:00Z')
const MIN = 60_000

/** A provider in memory: records what it accepted; fails on cue. */
function fakeProvider(id: string, channel: 'email' | 'sms', idempotencyKeys = false) {
  const sent: ParsedOutgoingMessage[] = []
  const state = { fail: null as WismoError | null }
  const notifier = defineNotifier({
    id,
    capabilities: { channels: [channel], idempotencyKeys },
    setup: () => ({
      send: async (message) => {
        if (state.fail) throw state.fail
        sent.push(message)
        return { providerMessageId: `${id}-${sent.length}` }
      },
    }),
  })()
  return { notifier, sent, state }
}

function world(
  options: {
    quiet?: boolean
    unknownOutcome?: 'resend' | 'hold'
    smsIdempotent?: boolean
    breakerFailures?: number
    retryBackoffMs?: (attempts: number) => number
    maxAttempts?: number
  } = {},
) {
  let t = T0
  const email = fakeProvider('mail', 'email')
  const sms1 = fakeProvider('sms-primary', 'sms', options.smsIdempotent)
  const sms2 = fakeProvider('sms-backup', 'sms')
  const store = memoryStore()
  const wismo = createWismo({
    store,
    carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
    clock: () => new Date(t),
    notifications: {
      channels: { email: [email.notifier], sms: [sms1.notifier, sms2.notifier] },
      triggers: {
        out_for_delivery: ['sms'],
        delivered: ['email', 'sms'],
        exception: ['email'],
        in_transit: ['email'],
        eta_changed: ['email'],
      },
      shop: { name: 'Lumen & Co' },
      trackingUrl: ({ orderId }) => `https://shop.example/track/${orderId}`,
      quietHours: options.quiet ? { start: '21:00', end: '08:00' } : null,
      breakers: { failures: options.breakerFailures ?? 2, halfOpenAfterMs: 10 * MIN },
      ...(options.unknownOutcome ? { unknownOutcome: { sms: options.unknownOutcome } } : {}),
      ...(options.retryBackoffMs ? { retryBackoffMs: options.retryBackoffMs } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    },
  })
  const advance = (ms: number) => {
    t += ms
  }
  const pass = () => wismo.workers.notify({ workerId: 'n1' })
  return { wismo, store, email, sms1, sms2, advance, pass, now: () => new Date(t) }
}

const NUMBER = 'ACME00000077'
const scan = (n: number, status: TrackingUpdate['events'][number]['status'], at: string) => ({
  status,
  rawCode: `C${n}`,
  rawText: `${status} scan`,
  occurredAt: at,
  location: { city: 'Denver', region: 'CO', country: 'US' },
})
const update = (...events: TrackingUpdate['events']): TrackingUpdate => ({
  carrier: 'acme',
  trackingNumber: NUMBER,
  source: 'webhook',
  events,
})

async function registered(w: ReturnType<typeof world>, customer: Record<string, unknown> = {}) {
  await w.wismo.registerOrder({
    id: 'A-1',
    customer: {
      name: 'Ana Lima',
      email: 'ana@example.com',
      phone: '+14155550123',
      timeZone: 'America/Denver',
      ...customer,
    },
    preferences: { email: true, sms: true, mutedTriggers: [] },
  })
  return w.wismo.registerShipment({ orderId: 'A-1', trackingNumber: NUMBER, carrier: 'acme' })
}

describe('the notification engine', () => {
  it('waits out a burst and sends the latest milestone once per channel, never again', async () => {
    const w = world()
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'in_transit', '2026-03-02T08:00:00-07:00')))
    await w.wismo.ingest(update(scan(2, 'out_for_delivery', '2026-03-02T08:01:00-07:00')))
    await w.wismo.ingest(update(scan(3, 'delivered', '2026-03-02T08:02:00-07:00')))
    // Nothing before the burst window has passed.
    expect(await w.pass()).toMatchObject({ claimed: 0 })
    w.advance(6 * MIN)
    const report = await w.pass()
    // in_transit (email) and out_for_delivery (sms) are superseded by delivered on their channel.
    expect(report).toMatchObject({ claimed: 4, sent: 2, skipped: 2 })
    expect(w.email.sent.map((m) => m.subject)).toEqual([expect.stringMatching(/deliver/i)])
    expect(w.email.sent[0]?.html).toContain('https://shop.example/track/A-1')
    expect(w.sms1.sent.map((m) => m.to)).toEqual(['+14155550123'])
    // Replays of the same scans and later passes send nothing more.
    await w.wismo.ingest(update(scan(3, 'delivered', '2026-03-02T08:02:00-07:00')))
    w.advance(10 * MIN)
    expect(await w.pass()).toMatchObject({ claimed: 0 })
    expect(w.email.sent).toHaveLength(1)
  })

  it('notifies a milestone once, also when the shipment goes back and forth', async () => {
    const w = world()
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'exception', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    await w.pass()
    await w.wismo.ingest(update(scan(2, 'in_transit', '2026-03-02T10:00:00-07:00')))
    await w.wismo.ingest(update(scan(3, 'exception', '2026-03-02T11:00:00-07:00')))
    w.advance(6 * MIN)
    await w.pass()
    const subjects = w.email.sent.map((m) => m.tags.trigger)
    expect(subjects.filter((s) => s === 'exception')).toHaveLength(1)
  })

  it('fails over to the next SMS provider while the first fails, and its breaker opens', async () => {
    const w = world()
    w.sms1.state.fail = new WismoError('NOTIFY_UNAVAILABLE', 'down', { retryable: true })
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ sent: 1 })
    expect([w.sms1.sent.length, w.sms2.sent.length]).toEqual([0, 1])
    expect(w.sms2.sent[0]?.text.length).toBeLessThanOrEqual(160)
  })

  it('defers SMS in quiet hours to the morning, never drops it', async () => {
    const w = world({ quiet: true })
    await registered(w)
    // 22:00 in Denver.
    w.advance(Date.parse('2026-03-03T05:00:00Z') - T0)
    await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T21:55:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ deferred: 1, sent: 0 })
    w.advance(Date.parse('2026-03-03T15:00:00Z') - w.now().getTime())
    expect(await w.pass()).toMatchObject({ sent: 1 })
    expect(w.sms1.sent).toHaveLength(1)
  })

  it('does not count waiting out quiet hours as an attempt', async () => {
    const w = world({ quiet: true, maxAttempts: 1 })
    await registered(w)
    w.advance(Date.parse('2026-03-03T05:00:00Z') - T0)
    await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T21:55:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ deferred: 1 })
    const [row] = await w.store.listOutbox({ state: 'pending' })
    expect(row?.attempts).toBe(0)
    // The message's one attempt is still there in the morning.
    w.advance(Date.parse('2026-03-03T15:00:00Z') - w.now().getTime())
    expect(await w.pass()).toMatchObject({ sent: 1 })
    expect(w.sms1.sent).toHaveLength(1)
  })

  it('follows a customer’s own quiet hours over the shop’s (here: none at all)', async () => {
    const w = world({ quiet: true })
    await registered(w)
    await w.wismo.notifications.setPreferences('A-1', { quietHours: null })
    w.advance(Date.parse('2026-03-03T05:00:00Z') - T0)
    await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T21:55:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ sent: 1, deferred: 0 })
  })

  it('tells of an ETA that moved by more than the threshold, once per new date', async () => {
    const w = world()
    const shipment = await registered(w)
    const estimate = (date: string) => ({
      ...update(scan(1, 'in_transit', '2026-03-02T08:00:00-07:00')),
      estimates: [{ source: 'carrier_scheduled' as const, date, confidence: 0.8 }],
    })
    await w.wismo.ingest(estimate('2026-03-05'))
    await w.wismo.ingest(estimate('2026-03-09'))
    w.advance(6 * MIN)
    await w.pass()
    const eta = w.email.sent.filter((m) => m.tags.trigger === 'eta_changed')
    expect(eta).toHaveLength(1)
    expect((await w.wismo.getShipment(shipment.id)).shipment.eta?.best?.date).toBe('2026-03-09')
  })

  it('remembers an SMS opt-out and sends that recipient no more SMS', async () => {
    const w = world()
    w.sms1.state.fail = new WismoError('NOTIFY_OPTED_OUT', 'STOP', { details: { recipient: '+14155550123' } })
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ skipped: 1 })
    expect(await w.wismo.notifications.recipient('+14155550123')).toMatchObject({ sms: false })
    w.sms1.state.fail = null
    await w.wismo.ingest(update(scan(2, 'delivered', '2026-03-02T09:00:00-07:00')))
    w.advance(6 * MIN)
    await w.pass()
    expect([w.sms1.sent.length, w.sms2.sent.length]).toEqual([0, 0])
    expect(w.email.sent).toHaveLength(1)
  })

  it('follows the order’s preferences: a muted trigger is not sent', async () => {
    const w = world()
    await registered(w)
    await w.wismo.notifications.setPreferences('A-1', { mutedTriggers: ['delivered'] })
    await w.wismo.ingest(update(scan(1, 'delivered', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ skipped: 2, sent: 0 })
  })

  it('after a worker died mid-call: holds the message when told to, resends to a provider with keys', async () => {
    for (const [policy, idempotent, expected] of [
      ['hold', false, { held: 1, sent: 0 }],
      ['resend', false, { sent: 1 }],
      ['hold', true, { sent: 1 }],
    ] as const) {
      const w = world({ unknownOutcome: policy, smsIdempotent: idempotent })
      await registered(w)
      await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T08:00:00-07:00')))
      w.advance(6 * MIN)
      // A worker claims the message, notes the provider call, and dies without an outcome.
      const [row] = await w.store.claimOutbox({
        workerId: 'dead',
        limit: 1,
        leaseMs: 60_000,
        now: w.now().toISOString(),
        topics: { prefix: 'notify.' },
      })
      if (!row) throw new Error('no message due')
      await w.store.noteOutbox({
        id: row.id,
        workerId: 'dead',
        note: 'attempt 1: calling sms-primary',
        now: w.now().toISOString(),
      })
      w.advance(2 * MIN)
      expect(await w.pass(), `${policy}, keys ${idempotent}`).toMatchObject(expected)
    }
  })

  it('keeps a message at the keyed provider whose outcome is unknown, through its later failures', async () => {
    // (Breakers run on real time, so this one never opens here; an open one fails the same way.)
    const w = world({ smsIdempotent: true, breakerFailures: 100 })
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'out_for_delivery', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    // The primary may have accepted it (a timeout), then answers 503s.
    w.sms1.state.fail = new WismoError('NOTIFY_TIMEOUT', 'no answer in time', { retryable: true })
    expect(await w.pass()).toMatchObject({ retried: 1 })
    w.sms1.state.fail = new WismoError('NOTIFY_UNAVAILABLE', '503', { retryable: true })
    for (let attempt = 2; attempt <= 5; attempt++) {
      w.advance(3 * 60 * MIN)
      expect(await w.pass(), `attempt ${attempt}`).toMatchObject({ retried: 1 })
    }
    // The backup never got it: it could have delivered a message the primary already sent.
    expect(w.sms2.sent).toEqual([])
    w.sms1.state.fail = null
    w.advance(3 * 60 * MIN)
    expect(await w.pass()).toMatchObject({ sent: 1 })
    expect(w.sms1.sent).toHaveLength(1)
    expect(w.sms2.sent).toEqual([])
  })

  it('retries on the host’s backoff ladder, with the default when the ladder answers nonsense', async () => {
    const asked: number[] = []
    const ladder = (attempts: number) => {
      asked.push(attempts)
      return attempts === 1 ? 1_000 : Number.NaN
    }
    const w = world({ retryBackoffMs: ladder, breakerFailures: 100 })
    w.email.state.fail = new WismoError('NOTIFY_UNAVAILABLE', '503', { retryable: true })
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'in_transit', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    expect(await w.pass()).toMatchObject({ retried: 1 })
    // 1 s ± 20 %: due again after 1.2 s, where the default ladder would wait 30 s.
    w.advance(1_200)
    expect(await w.pass()).toMatchObject({ retried: 1 })
    // NaN from the ladder: the default (60 s ± 20 % for a second failure), so not due at 47 s.
    w.advance(47_000)
    expect(await w.pass()).toMatchObject({ claimed: 0 })
    w.email.state.fail = null
    w.advance(25_000)
    expect(await w.pass()).toMatchObject({ sent: 1 })
    expect(asked).toEqual([1, 2])
  })

  it('waits out an open breaker before the next attempt instead of spending attempts on it', async () => {
    const w = world({ breakerFailures: 1 })
    w.email.state.fail = new WismoError('NOTIFY_UNAVAILABLE', '503', { retryable: true })
    await registered(w)
    await w.wismo.ingest(update(scan(1, 'in_transit', '2026-03-02T08:00:00-07:00')))
    w.advance(6 * MIN)
    // The call fails and opens the breaker: the usual backoff (30 s ± 20 %).
    expect(await w.pass()).toMatchObject({ retried: 1 })
    const due = async () => {
      const rows = await w.store.listOutbox({ state: 'pending' })
      const row = rows.find((r) => r.topic.startsWith('notify.'))
      return Date.parse(row?.availableAt ?? '') - w.now().getTime()
    }
    expect(await due()).toBeLessThanOrEqual(36_000)
    w.advance(40_000)
    // The breaker is open (its pause is 10 minutes): no call is made, and the next attempt waits
    // for the pause to end rather than for the backoff's 60 s.
    expect(await w.pass()).toMatchObject({ retried: 1 })
    expect(w.email.sent).toEqual([])
    expect(await due()).toBeGreaterThanOrEqual(10 * MIN)
  })

  it('does not count a hand-out that found every provider paused toward maxAttempts', async () => {
    // The breakers (cockatiel) time their pause with `Date.now()`: it moves with the world's clock.
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const w = world({ breakerFailures: 1, maxAttempts: 2 })
      const advance = (ms: number) => {
        w.advance(ms)
        vi.setSystemTime(w.now())
      }
      advance(0)
      w.email.state.fail = new WismoError('NOTIFY_UNAVAILABLE', '503', { retryable: true })
      await registered(w)
      await w.wismo.ingest(update(scan(1, 'in_transit', '2026-03-02T08:00:00-07:00')))
      advance(6 * MIN)
      // Attempt 1 calls, fails and opens the breaker.
      expect(await w.pass()).toMatchObject({ retried: 1 })
      advance(40_000)
      // Handed out again while the breaker is open: no call, so the attempt is taken back.
      expect(await w.pass()).toMatchObject({ retried: 1, failed: 0 })
      const pending = await w.store.listOutbox({ state: 'pending' })
      expect(pending.find((r) => r.topic.startsWith('notify.'))?.attempts).toBe(1)
      // After the pause the provider is back: the second of the two attempts reaches it.
      w.email.state.fail = null
      advance(11 * MIN)
      expect(await w.pass()).toMatchObject({ sent: 1 })
      expect(w.email.sent).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('changes nothing for a host without notifications', async () => {
    const wismo = createWismo({ carriers: [acmeCarrier({ apiKey: 'secret-key-123' })] })
    expect(await wismo.workers.notify({ workerId: 'n' })).toMatchObject({ claimed: 0 })
  })

  it('refuses a trigger on a channel without providers, naming it', () => {
    expect(() =>
      createWismo({
        carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
        notifications: {
          channels: {},
          triggers: { delivered: ['sms'] },
          shop: { name: 'S' },
          trackingUrl: () => 'https://s.example',
        },
      }),
    ).toThrow(/triggers\.delivered/)
  })
})

describe('delivery events through the webhook handler', () => {
  it('verifies a provider’s events, remembers an opt-out and tells the host', async () => {
    const secret = 'delivery-events-secret-01'
    const verify = hmacHeaderVerifier({ header: 'x-signature', encoding: 'hex' })
    const sms = defineNotifier({
      id: 'acme-sms',
      capabilities: { channels: ['sms'], deliveryEvents: true },
      setup: () => ({
        send: async () => ({ providerMessageId: 'm1' }),
        webhook: {
          verify: (request) => verify(request, [secret]),
          parse: (body) =>
            (body as { events: { id: string; status: 'delivered' | 'opted_out'; to: string }[] }).events.map(
              (e) => ({
                providerMessageId: e.id,
                status: e.status,
                occurredAt: '2026-03-02T12:00:00Z',
                recipient: e.to,
              }),
            ),
        },
      }),
    })()
    const wismo = createWismo({
      carriers: [acmeCarrier({ apiKey: 'secret-key-123' })],
      notifications: {
        channels: { sms: [sms] },
        triggers: { delivered: ['sms'] },
        shop: { name: 'S' },
        trackingUrl: () => 'https://s.example/t',
      },
    })
    const seen: string[] = []
    wismo.on('notification.delivery', ({ provider, event }) => seen.push(`${provider}:${event.status}`))
    const body = JSON.stringify({
      events: [
        { id: 'm1', status: 'delivered', to: '+14155550123' },
        { id: 'm2', status: 'opted_out', to: '+14155550199' },
      ],
    })
    const headers = await signHmacHeader({ header: 'x-signature', encoding: 'hex' }, { secret, body })
    const post = (h: Record<string, string>) =>
      wismo.webhooks.handle(
        new Request('https://shop.example/webhooks/acme-sms', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...h },
          body,
        }),
      )
    expect((await post({ 'x-signature': '00' })).status).toBe(401)
    expect(seen).toEqual([])
    expect((await post(headers)).status).toBe(200)
    expect(seen).toEqual(['acme-sms:delivered', 'acme-sms:opted_out'])
    seen.length = 0
    // Recorded durably before the 200, once however often the provider redelivers.
    expect((await post(headers)).status).toBe(200)
    const recorded = (await wismo.store.listOutbox({})).filter((r) => r.topic === 'notification.delivery')
    // Rows written in one go share a creation time: compare them in a fixed order.
    const pairs = recorded.map((r) => [String(r.payload.providerMessageId), String(r.payload.status)])
    expect(pairs.sort()).toEqual([
      ['m1', 'delivered'],
      ['m2', 'opted_out'],
    ])
    expect(await wismo.notifications.recipient('+14155550199')).toMatchObject({ sms: false })
    expect(await wismo.notifications.recipient('+14155550123')).toBeNull()
  })
})

describe('quietUntil', () => {
  it('answers the local end of quiet hours across midnight and DST, or null outside them', () => {
    const quiet = { start: '21:00', end: '08:00' }
    expect(quietUntil(quiet, 'Europe/Berlin', new Date('2026-03-02T22:30:00Z'))).toBe(
      '2026-03-03T07:00:00.000Z',
    )
    expect(quietUntil(quiet, 'Europe/Berlin', new Date('2026-03-02T12:00:00Z'))).toBeNull()
    // The night the clocks go forward in Berlin (29 March 2026): 08:00 is then UTC+2.
    expect(quietUntil(quiet, 'Europe/Berlin', new Date('2026-03-28T23:00:00Z'))).toBe(
      '2026-03-29T06:00:00.000Z',
    )
    expect(quietUntil(null, 'Europe/Berlin', new Date('2026-03-02T22:30:00Z'))).toBeNull()
  })
})
