import type { RawWebhookRequest } from '@wismo/core'
import {
  type Channel,
  DeliveryEventSchema,
  isWismoError,
  type Notifier,
  type OutgoingMessage,
  WismoError,
  type WismoErrorCode,
} from '@wismo/core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, expectCode, jsonOf, stripSignature, tamper, toRaw } from './carrier/checks.ts'

/** The body as the handler hands it to `parse`: parsed JSON, or `undefined` for a form or other body (read `raw`). */
function bodyOf(raw: RawWebhookRequest): unknown {
  if (!(raw.headers.get('content-type') ?? 'application/json').includes('json')) return undefined
  return jsonOf(raw)
}

import type { WebhookRequestLike } from './carrier/options.ts'

/**
 * Names of the notifier conformance tests, as used in `skip` and shown first in each test title.
 * @example const skip = [{ reason: 'SMTP has no opt-out list', tests: ['fault-opted-out'] }]
 */
export const NOTIFIER_TESTS = [
  'id',
  'send',
  'wrong-channel',
  'invalid-message',
  'idempotency-key',
  'fault-auth',
  'fault-rate-limited',
  'fault-unavailable',
  'fault-rejected',
  'fault-opted-out',
  'config-invalid',
  'webhook-signed',
  'webhook-tampered',
  'webhook-unsigned',
] as const

export type NotifierTestName = (typeof NOTIFIER_TESTS)[number]

/** How the provider (the package's fake of it) should fail until told otherwise (`null`: answer normally). */
export type NotifierFault = 'auth' | 'rate_limited' | 'unavailable' | 'rejected' | 'opted_out'

/** Options of {@link testNotifier}. */
export interface TestNotifierOptions<N extends Notifier = Notifier> {
  /** Suite title, e.g. `'twilio'`. */
  name: string
  /** A configured notifier pointed at the package's fake provider (retries off, so faults answer at once). */
  create: () => N | Promise<N>
  /** A message the provider accepts, for each channel the notifier serves. */
  message: (channel: Channel) => OutgoingMessage
  /** Make the fake provider fail this way until called with `null`; the suite resets it after each test. */
  fault: (kind: NotifierFault | null) => void | Promise<void>
  /** The idempotency key the provider last received (for notifiers with `capabilities.idempotencyKeys`). */
  lastIdempotencyKey?: () => string | null | Promise<string | null>
  /** Invalid options: the factory must throw `CONFIG_INVALID` naming every field, echoing no secret. */
  config: {
    factory: (options: Record<string, unknown>) => Notifier
    invalid: Record<string, unknown>
    fields: readonly string[]
    secretValues?: readonly string[]
  }
  /** Fixtures for notifiers with `capabilities.deliveryEvents`. */
  webhook?: {
    /** A correctly signed delivery-event request. */
    signedRequest: () => WebhookRequestLike | Promise<WebhookRequestLike>
    /** Default: the signed request without its signature headers. */
    unsignedRequest?: () => WebhookRequestLike | Promise<WebhookRequestLike>
  }
  skip?: readonly { reason: string; tests: readonly NotifierTestName[] }[]
}

const FAULT_CODES: Record<NotifierFault, readonly WismoErrorCode[]> = {
  auth: ['NOTIFY_AUTH_FAILED'],
  rate_limited: ['NOTIFY_RATE_LIMITED'],
  unavailable: ['NOTIFY_UNAVAILABLE', 'NOTIFY_TIMEOUT', 'NOTIFY_NETWORK_ERROR'],
  rejected: ['NOTIFY_REQUEST_REJECTED'],
  opted_out: ['NOTIFY_OPTED_OUT'],
}

/**
 * The notifier conformance suite: every e-mail, SMS and webhook notifier runs it through its public
 * API against its package's fake provider. It checks a stable kebab-case id and honest
 * capabilities; that `send` resolves with the provider's message id; that a channel it does not
 * serve and an invalid message are refused before any call; that the idempotency key reaches
 * providers that honour one; that each provider failure is its coded error (auth, rate limit with
 * `retryAfterMs`, unavailable and retryable, rejected and final, opted out naming the recipient);
 * `CONFIG_INVALID` without echoing secrets; and delivery-event webhooks verified and parsed.
 * @example
 * testNotifier({
 *   name: 'acme-sms', create: () => acmeSms({ apiKey: 'k', baseUrl: fake.url, retries: 0 }),
 *   message: () => ({ idempotencyKey: 'msg-1', channel: 'sms', to: '+14155550123', text: 'Hi' }),
 *   fault: (kind) => fake.failWith(kind),
 *   config: { factory: (o) => acmeSms(o as never), invalid: { apiKey: 1 }, fields: ['apiKey'] },
 * })
 */
export function testNotifier<N extends Notifier>(options: TestNotifierOptions<N>): void {
  for (const s of options.skip ?? []) {
    const unknown = s.tests.filter((t) => !(NOTIFIER_TESTS as readonly string[]).includes(t))
    if (unknown.length > 0 || s.reason.trim() === '')
      throw new WismoError(
        'CONFIG_INVALID',
        `testNotifier "${options.name}": each skip needs a reason and known test names`,
        {
          details: { unknown, known: NOTIFIER_TESTS },
        },
      )
  }
  describe(`notifier conformance: ${options.name}`, () => {
    let notifier: N | null = null
    beforeAll(async () => {
      notifier = await options.create()
    })
    afterEach(async () => {
      await options.fault(null)
    })
    const n = () =>
      notifier ??
      (() => {
        throw new WismoError('INTERNAL', 'notifier under test was not created')
      })()
    const test = (name: NotifierTestName, title: string, fn: () => Promise<void>) => {
      const reason = options.skip?.find((s) => s.tests.includes(name))?.reason
      if (reason) it.skip(`${name}: ${title} (skipped: ${reason})`, () => {})
      else it(`${name}: ${title}`, fn)
    }
    const first = () => n().capabilities.channels[0] as Channel
    const each = () => n().capabilities.channels

    test('id', 'a stable kebab-case id and at least one channel', async () => {
      expect(n().id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect((await options.create()).id).toBe(n().id)
      expect(n().capabilities.channels.length).toBeGreaterThan(0)
      expect(typeof n().webhook === 'object', 'deliveryEvents ⇔ webhook').toBe(
        n().capabilities.deliveryEvents,
      )
    })

    test('send', 'each channel it serves: the provider accepts and answers its message id', async () => {
      for (const channel of each()) {
        const result = await n().send(options.message(channel) as never)
        expect(result.providerMessageId === null || typeof result.providerMessageId === 'string').toBe(true)
        if (result.providerMessageId !== null) expect(result.providerMessageId.length).toBeGreaterThan(0)
      }
    })

    test('wrong-channel', 'a channel it does not serve → NOTIFY_REQUEST_REJECTED, no call', async () => {
      const other = (['email', 'sms', 'webhook'] as const).find((c) => !each().includes(c))
      if (!other) return
      await options.fault('unavailable')
      expectCode(
        await errorOf(() => n().send({ ...options.message(first()), channel: other } as never)),
        'NOTIFY_REQUEST_REJECTED',
      )
    })

    test('invalid-message', 'a message without text or key → INPUT_INVALID, no call', async () => {
      await options.fault('unavailable')
      const { text: _text, ...noText } = options.message(first())
      expectCode(await errorOf(() => n().send(noText as never)), 'INPUT_INVALID')
      expectCode(
        await errorOf(() => n().send({ ...options.message(first()), idempotencyKey: '' } as never)),
        'INPUT_INVALID',
      )
    })

    test('idempotency-key', 'a provider that honours keys receives the message’s key', async () => {
      if (!n().capabilities.idempotencyKeys) return
      if (!options.lastIdempotencyKey)
        throw new WismoError(
          'CONFIG_INVALID',
          'notifiers with idempotencyKeys need lastIdempotencyKey in the suite options',
        )
      const message = { ...options.message(first()), idempotencyKey: `conformance-${Date.now()}` }
      await n().send(message as never)
      expect(await options.lastIdempotencyKey()).toBe(message.idempotencyKey)
    })

    const faultTest = (kind: NotifierFault, title: string, extra?: (e: WismoError) => void) =>
      test(`fault-${kind.replace('_', '-')}` as NotifierTestName, title, async () => {
        await options.fault(kind)
        const error = await errorOf(() => n().send(options.message(first()) as never))
        expect(isWismoError(error), `expected a WismoError, got ${String(error)}`).toBe(true)
        expect(FAULT_CODES[kind]).toContain((error as WismoError).code)
        extra?.(error as WismoError)
      })
    faultTest('auth', 'refused credentials → NOTIFY_AUTH_FAILED, not retryable', (e) =>
      expect(e.retryable).toBe(false),
    )
    faultTest('rate_limited', 'rate limited → NOTIFY_RATE_LIMITED with retryAfterMs', (e) => {
      expect(e.retryable).toBe(true)
      expect(e.retryAfterMs ?? 0).toBeGreaterThan(0)
    })
    faultTest(
      'unavailable',
      'provider down → a retryable NOTIFY_UNAVAILABLE / TIMEOUT / NETWORK_ERROR',
      (e) => expect(e.retryable).toBe(true),
    )
    faultTest('rejected', 'message refused → NOTIFY_REQUEST_REJECTED, not retryable', (e) =>
      expect(e.retryable).toBe(false),
    )
    faultTest('opted_out', 'recipient opted out → NOTIFY_OPTED_OUT naming the recipient', (e) => {
      expect(e.retryable).toBe(false)
      expect(e.details?.recipient).toBeTruthy()
    })

    test(
      'config-invalid',
      'invalid options → CONFIG_INVALID naming every field, no secret echoed',
      async () => {
        const error = await errorOf(() => options.config.factory(options.config.invalid))
        expectCode(error, 'CONFIG_INVALID')
        const text = `${(error as Error).message} ${JSON.stringify((error as WismoError).details ?? {})}`
        for (const field of options.config.fields) expect(text).toContain(field)
        for (const secret of options.config.secretValues ?? []) expect(text).not.toContain(secret)
      },
    )

    const webhookFixture = () => {
      if (!n().capabilities.deliveryEvents) return null
      if (!options.webhook)
        throw new WismoError(
          'CONFIG_INVALID',
          'notifiers with deliveryEvents need webhook fixtures in the suite options',
        )
      return options.webhook
    }
    test(
      'webhook-signed',
      'a signed delivery-event request verifies and parses to delivery events',
      async () => {
        const fixtures = webhookFixture()
        const webhook = n().webhook
        if (!fixtures || !webhook) return
        const raw = await toRaw(await fixtures.signedRequest())
        await webhook.verify(raw)
        const events = await webhook.parse(bodyOf(raw), raw)
        expect(events.length).toBeGreaterThan(0)
        for (const e of events) expect(DeliveryEventSchema.safeParse(e).success).toBe(true)
      },
    )
    test('webhook-tampered', 'a body changed after signing → WEBHOOK_INVALID_SIGNATURE', async () => {
      const fixtures = webhookFixture()
      const webhook = n().webhook
      if (!fixtures || !webhook) return
      const raw = await toRaw(await fixtures.signedRequest())
      expectCode(await errorOf(() => webhook.verify(tamper(raw))), 'WEBHOOK_INVALID_SIGNATURE')
    })
    test('webhook-unsigned', 'a request without signature → WEBHOOK_INVALID_SIGNATURE', async () => {
      const fixtures = webhookFixture()
      const webhook = n().webhook
      if (!fixtures || !webhook) return
      const raw = fixtures.unsignedRequest
        ? await toRaw(await fixtures.unsignedRequest())
        : stripSignature(await toRaw(await fixtures.signedRequest()))
      expectCode(await errorOf(() => webhook.verify(raw)), 'WEBHOOK_INVALID_SIGNATURE')
    })
  })
}
