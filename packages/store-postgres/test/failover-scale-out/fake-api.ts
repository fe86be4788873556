/**
 * The vendors' side of the failover proof: one HTTP server on loopback serving the primary
 * carrier's tracking endpoint and the aggregator's, recording every call it receives (path,
 * number, the sending worker, its round and its breaker as it stood). The test switches the phase.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AGGREGATOR, KNOWN, type Phase, PRIMARY, SCANS } from './protocol.ts'

export interface Call {
  to: typeof PRIMARY | typeof AGGREGATOR
  number: string
  worker: string
  round: number
  /** The sender's primary breaker as its log last said: a primary call while `open` is a probe. */
  breaker: string
  status: number
}

export interface FakeApi {
  url: string
  calls: Call[]
  setPhase(phase: Phase): void
  close(): Promise<void>
}

export function fakeApi(): Promise<FakeApi> {
  let phase: Phase = 'healthy'
  const calls: Call[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const tag = {
      worker: String(req.headers['x-worker'] ?? ''),
      round: Number(req.headers['x-round']),
      breaker: String(req.headers['x-breaker'] ?? ''),
    }
    const known = SCANS.slice(0, KNOWN[phase])
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    const primary = url.pathname.match(/^\/primary\/v1\/track\/([A-Z0-9]+)$/)
    if (primary?.[1]) {
      const number = primary[1]
      const status = phase === 'outage' ? 503 : 200
      calls.push({ to: PRIMARY, number, ...tag, status })
      if (status !== 200) return json(status, { error: 'service unavailable' })
      return json(200, {
        number,
        activity: known.map((s) => ({ code: s.code, description: s.text, time: s.at })),
      })
    }
    const number = url.searchParams.get('tracking_code')
    if (url.pathname === '/aggregator/trackers' && url.searchParams.get('carrier') === PRIMARY && number) {
      calls.push({ to: AGGREGATOR, number, ...tag, status: 200 })
      return json(200, {
        id: `trk_${number}`,
        tracking_code: number,
        details: known.map((s) => ({ status_code: s.code, message: s.text, datetime: s.at })),
      })
    }
    json(404, { error: 'no such route' })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls,
        setPhase: (p) => {
          phase = p
        },
        close: () => new Promise((r) => server.close(() => r())),
      })
    }),
  )
}
