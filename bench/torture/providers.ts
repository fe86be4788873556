/**
 * The e-mail and SMS providers of the torture run, faked on loopback in the orchestrator: one HTTP
 * server, one route per provider (`POST /<provider>/messages`). Each honours idempotency keys the
 * way Resend does (a key it has accepted answers with the first message's id and sends nothing),
 * and a primary can be told to fail a share of calls (503, nothing accepted) and to time out a
 * share (the message is accepted, the answer comes after the client gave up: the outcome the
 * sender cannot know). `host` stands for the shop's own systems, which receive the outbox rows
 * the runtime's dispatcher hands out (status changes…) and deduplicate them by key. Every acceptance is recorded with the message's tags, so the run can tell
 * which notification reached the customer, and how often.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { prng } from './stream.ts'

export const PROVIDERS = ['email-primary', 'email-fallback', 'sms-primary', 'sms-fallback', 'host'] as const
export type ProviderId = (typeof PROVIDERS)[number]

/** How a provider misbehaves: shares of calls answered 503, and accepted but answered too late. */
export interface Faults {
  fail: number
  timeout: number
}

/** One message a provider accepted (sent to the customer). */
export interface Acceptance {
  provider: ProviderId
  key: string
  shipmentId: string
  trigger: string
}

export interface ProviderCounts {
  calls: number
  failed: number
  timedOut: number
  /** Calls with a key this provider had accepted: answered with the first id, nothing sent. */
  replays: number
  accepted: number
}

export interface FakeProviders {
  url: string
  acceptances(): Acceptance[]
  counts(): Record<ProviderId, ProviderCounts>
  /** Calls answered so far (every provider), for kill schedules. */
  calls(): number
  close(): Promise<void>
}

interface Body {
  to: string
  tags: { shipmentId?: string; trigger?: string }
}

const readJson = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body
}

/** Start the providers; `faults` per provider (absent: always healthy), `lateMs` how late a timeout answers. */
export async function fakeProviders(
  faults: Partial<Record<ProviderId, Faults>>,
  seed: number,
  lateMs: number,
): Promise<FakeProviders> {
  const random = prng(seed)
  const accepted = new Map<string, Acceptance>()
  const counts = Object.fromEntries(
    PROVIDERS.map((p) => [p, { calls: 0, failed: 0, timedOut: 0, replays: 0, accepted: 0 }]),
  ) as Record<ProviderId, ProviderCounts>
  const late = new Set<NodeJS.Timeout>()
  let calls = 0

  const accept = (provider: ProviderId, key: string, body: Body) => {
    const at = `${provider}|${key}`
    const known = accepted.get(at)
    if (known) {
      counts[provider].replays++
      return `${provider}_${known.key}`
    }
    counts[provider].accepted++
    accepted.set(at, {
      provider,
      key,
      shipmentId: body.tags.shipmentId ?? '',
      trigger: body.tags.trigger ?? '',
    })
    return `${provider}_${key}`
  }

  const server: Server = createServer((req, res) => {
    const provider = (req.url ?? '').split('/')[1] as ProviderId
    const key = String(req.headers['idempotency-key'] ?? '')
    if (!counts[provider] || !key) return void res.writeHead(404).end()
    readJson(req).then(
      (body) => {
        calls++
        counts[provider].calls++
        const dice = random()
        const f = faults[provider] ?? { fail: 0, timeout: 0 }
        if (dice < f.fail) {
          counts[provider].failed++
          return void res
            .writeHead(503, { 'content-type': 'application/json' })
            .end('{"error":"unavailable"}')
        }
        const id = accept(provider, key, body)
        const answer = () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }))
        if (dice < f.fail + f.timeout) {
          counts[provider].timedOut++
          const timer = setTimeout(() => {
            late.delete(timer)
            if (!res.destroyed) answer()
          }, lateMs)
          late.add(timer)
          return
        }
        answer()
      },
      () => res.writeHead(400).end(),
    )
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    acceptances: () => [...accepted.values()],
    counts: () => structuredClone(counts),
    calls: () => calls,
    close: async () => {
      for (const t of late) clearTimeout(t)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
