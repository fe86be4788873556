/**
 * Twilio, Vonage and Resend stand-ins on one loopback node:http server (never the real hosts;
 * a real server, since the crash proof's sender is another process). Each records every message
 * it accepted, with the key that identifies it: Resend's `Idempotency-Key` (a repeat within the
 * key's life is answered with the first send's id and sends nothing, as Resend documents),
 * Vonage's `client-ref`; Twilio takes no key. Faults and kills come from hooks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const TWILIO_SID = `AC${'0'.repeat(31)}1`
export const TWILIO_TOKEN = 'twilio-auth-token-0001'
export const VONAGE_KEY = 'abcd1234'
export const VONAGE_SECRET = 'vonage-secret-0001'
export const RESEND_KEY = 're_test_0001_abcdefghijklmnop'

export type Provider = 'twilio' | 'vonage' | 'resend'

/** One message a provider accepted (would deliver). */
export interface Accepted {
  provider: Provider
  to: string
  /** The idempotency key or client reference it came with, if any. */
  key: string | null
  text: string
  id: string
}

/**
 * What a provider does with a request: `hang` never answers (nothing accepted), `accept_then_hang`
 * accepts the message and never answers (sent, but the caller times out).
 */
export type Fault = 'ok' | 'unavailable' | 'hang' | 'accept_then_hang'

export interface FakeHooks {
  /** Asked per request (counted per provider from 1) before anything is accepted. */
  fault?: (provider: Provider, n: number) => Fault
  /** Awaited after a message is accepted, before the answer leaves (a crash goes here). */
  afterAccept?: (accepted: Accepted, count: number) => Promise<void> | void
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })

const json = (res: ServerResponse, status: number, value: unknown) => {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

export function fakeProviders(hooks: FakeHooks = {}) {
  const accepted: Accepted[] = []
  const requests: Record<Provider, number> = { twilio: 0, vonage: 0, resend: 0 }
  const resendKeys = new Map<string, { id: string; body: string }>()
  let ids = 0
  /** Resend requests refused for reusing a key with another body; repeats answered with the first id. */
  const resend = { conflicts: 0, replays: 0 }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const text = await body(req)
    const provider: Provider | null =
      url.pathname === `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`
        ? 'twilio'
        : url.pathname === '/sms/json'
          ? 'vonage'
          : url.pathname === '/emails'
            ? 'resend'
            : null
    if (!provider || req.method !== 'POST') return json(res, 404, { message: 'not found' })
    const n = ++requests[provider]
    const fault = hooks.fault?.(provider, n) ?? 'ok'
    if (fault === 'hang') return // the client times out; nothing was accepted
    if (fault === 'unavailable') return json(res, 503, { code: 20503, message: 'Service unavailable' })

    let message: Accepted
    if (provider === 'twilio') {
      const auth = `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`
      if (req.headers.authorization !== auth) return json(res, 401, { code: 20003, message: 'Authenticate' })
      const form = new URLSearchParams(text)
      message = {
        provider,
        to: form.get('To') ?? '',
        key: null,
        text: form.get('Body') ?? '',
        id: `SM${String(++ids).padStart(32, '0')}`,
      }
    } else if (provider === 'vonage') {
      const form = new URLSearchParams(text)
      if (form.get('api_key') !== VONAGE_KEY || form.get('api_secret') !== VONAGE_SECRET)
        return json(res, 200, {
          'message-count': '1',
          messages: [{ status: '4', 'error-text': 'Bad Credentials' }],
        })
      message = {
        provider,
        to: `+${form.get('to') ?? ''}`,
        key: form.get('client-ref'),
        text: form.get('text') ?? '',
        id: `0A${String(++ids).padStart(14, '0')}`,
      }
    } else {
      if (req.headers.authorization !== `Bearer ${RESEND_KEY}`)
        return json(res, 403, { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' })
      const key = String(req.headers['idempotency-key'] ?? '') || null
      const seen = key ? resendKeys.get(key) : undefined
      // A repeat of an accepted key: the first send's id, nothing sent again; another body under
      // the same key is refused, as Resend does.
      if (seen && seen.body !== text) {
        resend.conflicts++
        return json(res, 409, {
          statusCode: 409,
          name: 'invalid_idempotent_request',
          message: 'Same idempotency key used with a different request payload.',
        })
      }
      if (seen) {
        resend.replays++
        return json(res, 200, { id: seen.id })
      }
      const email = JSON.parse(text) as { to: string[] | string; subject?: string }
      message = {
        provider,
        to: [email.to].flat().join(','),
        key,
        text: email.subject ?? '',
        id: `49a3999c-0ce1-4ea6-ab68-${String(++ids).padStart(12, '0')}`,
      }
      if (key) resendKeys.set(key, { id: message.id, body: text })
    }
    accepted.push(message)
    await hooks.afterAccept?.(message, accepted.length)
    if (fault === 'accept_then_hang') return
    if (provider === 'twilio') json(res, 201, { sid: message.id, status: 'queued', num_segments: '1' })
    else if (provider === 'vonage')
      json(res, 200, {
        'message-count': '1',
        messages: [{ to: message.to.slice(1), 'message-id': message.id, status: '0', network: '12345' }],
      })
    else json(res, 200, { id: message.id })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })

  return {
    accepted,
    requests,
    resend,
    /** Listen on 127.0.0.1 (a free port); answers the base URL of all three providers. */
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    },
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
    /** Accepted messages per identity (`provider-agnostic`: recipient + text for SMS, key for e-mail). */
    timesAccepted(identity: (a: Accepted) => string): Map<string, number> {
      const counts = new Map<string, number>()
      for (const a of accepted) counts.set(identity(a), (counts.get(identity(a)) ?? 0) + 1)
      return counts
    },
  }
}

export type FakeProviders = ReturnType<typeof fakeProviders>

/** The environment that points the shop at the fakes. */
export function fakeEnv(baseUrl: string, db: string) {
  return {
    WISMO_DB: db,
    SANDBOX_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    RESEND_API_KEY: RESEND_KEY,
    RESEND_FROM: 'Lumen & Co <orders@shop.example>',
    RESEND_BASE_URL: baseUrl,
    RESEND_REQUESTS_PER_SECOND: '50',
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_BASE_URL: baseUrl,
    VONAGE_API_KEY: VONAGE_KEY,
    VONAGE_API_SECRET: VONAGE_SECRET,
    VONAGE_FROM: 'LumenCo',
    VONAGE_BASE_URL: baseUrl,
  }
}
