/**
 * The sandbox carrier's tracking API, faked on loopback in the orchestrator, so polls from every
 * worker process see the same parcels as the webhooks: `GET /track?numbers=a,b` answers, per
 * parcel, the scans of every message the carrier has sent so far, plus those it will send next
 * (a look-ahead: a carrier knows a scan before its webhook goes out). Polls and webhooks thus
 * overlap on the same scans, and sometimes a poll brings a scan first.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TrackingUpdate } from '../../packages/core/src/index.ts'
import type { TortureMessage } from './stream.ts'

export interface CarrierApi {
  url: string
  /** The sender reached stream position `index` (messages before it are on their way). */
  advance(index: number): void
  /** Track calls answered, and parcels asked for. */
  stats(): { calls: number; numbers: number }
  close(): Promise<void>
}

/** The poll answer for one parcel: its first message's fields, every known scan once. */
function answer(messages: readonly TortureMessage[]): TrackingUpdate | null {
  const [first] = messages
  if (!first) return null
  const byContent = new Map(messages.flatMap((m) => m.update.events).map((e) => [JSON.stringify(e), e]))
  const events = [...byContent.values()]
  return { ...first.update, source: 'poll', events }
}

export async function carrierApi(stream: readonly TortureMessage[], lookAhead: number): Promise<CarrierApi> {
  const known = new Map<string, TortureMessage[]>()
  let reached = 0
  let calls = 0
  let numbers = 0
  const advance = (index: number) => {
    const until = Math.min(stream.length, index + lookAhead)
    for (; reached < until; reached++) {
      const m = stream[reached] as TortureMessage
      known.set(m.trackingNumber, [...(known.get(m.trackingNumber) ?? []), m])
    }
  }
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://carrier')
    const asked = (url.searchParams.get('numbers') ?? '').split(',').filter(Boolean)
    calls++
    numbers += asked.length
    const updates = asked.flatMap((n) => answer(known.get(n) ?? []) ?? [])
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(updates))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    advance,
    stats: () => ({ calls, numbers }),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
