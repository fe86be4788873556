/**
 * A round-robin load balancer on loopback in front of the torture processes. A request whose
 * process is gone (refused, reset, or cut before the answer) is sent again to the next live
 * process, as a load balancer does; the webhook's sender retries what still fails.
 */
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LoadBalancer {
  url: string
  /** The live processes' ports, in round-robin order. */
  setBackends(ports: readonly number[]): void
  /** Requests sent again to another process after theirs failed. */
  retried(): number
  close(): Promise<void>
}

const MAX_TRIES = 40
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Answer {
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}

function forward(agent: Agent, port: number, req: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const out = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        )
        res.on('error', reject)
      },
    )
    out.on('error', reject)
    out.end(body)
  })
}

export async function roundRobinProxy(): Promise<LoadBalancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  let backends: readonly number[] = []
  let next = 0
  let retried = 0

  const relay = async (req: IncomingMessage, body: Buffer): Promise<Answer> => {
    for (let attempt = 1; ; attempt++) {
      const port = backends[next++ % Math.max(1, backends.length)]
      try {
        if (port === undefined) throw new Error('no live process')
        return await forward(agent, port, req, body)
      } catch (error) {
        if (attempt >= MAX_TRIES) throw error
        retried++
        await sleep(Math.min(200, 5 * attempt))
      }
    }
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      relay(req, Buffer.concat(chunks)).then(
        (a) => res.writeHead(a.status, a.headers).end(a.body),
        () => res.writeHead(502, { 'content-type': 'text/plain' }).end('no process answered'),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setBackends: (ports) => {
      backends = [...ports]
    },
    retried: () => retried,
    close: async () => {
      agent.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
