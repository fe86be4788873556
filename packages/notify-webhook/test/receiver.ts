import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { NotifierFault } from '@wismo/testing/notifier'

/**
 * Standard Webhooks v1 verification written independently of the code under test (node:crypto,
 * Buffers), checked against the official vectors in `receiver.test.ts`: any `v1,<base64>` entry
 * of the space-separated header matching HMAC-SHA256(key, `${id}.${timestamp}.${body}`), key =
 * base64-decoded part after `whsec_`.
 */
export function verifyV1(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
  header: string,
): boolean {
  if (!/^\d+$/.test(timestamp) || id.includes('.')) return false
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest()
  return header.split(' ').some((entry) => {
    const [version, sig] = entry.split(',', 2)
    if (version !== 'v1' || !sig) return false
    const given = Buffer.from(sig, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}

/** What the receiver saw of one request. */
export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** Which of the receiver's secrets verified the signature. */
  verifiedBy: string[]
}

/** How the receiver answers: a suite fault, or one of the focused tests' answers. */
export type Answer =
  | NotifierFault
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'hang'
  | null

const FAULTS: Record<NotifierFault, { status: number; headers?: Record<string, string>; body?: string }> = {
  auth: { status: 401, body: 'bad signature' },
  rate_limited: { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' },
  unavailable: { status: 503, body: 'maintenance' },
  // Standard Webhooks: 410 means "disable this endpoint", the receiver's firmest refusal.
  rejected: { status: 410, body: 'endpoint removed' },
  opted_out: { status: 410, body: 'webhooks have no opt-out' },
}

/** A real HTTP receiver on 127.0.0.1 that checks every signature with {@link verifyV1}. */
export async function startReceiver(secrets: readonly string[], tls?: { key: string; cert: string }) {
  const received: Received[] = []
  let answer: Answer = null
  const hanging = new Set<ServerResponse>()
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const h = (name: string) => String(req.headers[name] ?? '')
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        verifiedBy: secrets.filter((s) =>
          verifyV1(s, h('webhook-id'), h('webhook-timestamp'), body, h('webhook-signature')),
        ),
      })
      respond(res)
    })
  }
  const server = tls ? createTlsServer(tls, onRequest) : createServer(onRequest)
  const respond = (res: ServerResponse) => {
    if (answer === 'hang') return void hanging.add(res)
    const a = answer === null ? { status: 204 } : typeof answer === 'string' ? FAULTS[answer] : answer
    res.writeHead(a.status, a.headers ?? {}).end(a.body)
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    received,
    last: () => received.at(-1),
    answer: (a: Answer) => {
      answer = a
    },
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>
