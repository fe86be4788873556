/**
 * The load side of the HTTP bench: starts a target server as a child process, feeds it every
 * message once through autocannon (this process) as fast as it answers, stops it. Rates come
 * from wall time. The fixed-rate run is paced-load.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { type BenchMessage, type SignedMessage, signAll } from './messages.ts'

const require = createRequire(import.meta.url)

interface AutocannonResult {
  latency: { p50: number; p99: number; max: number }
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}
type Autocannon = (opts: object) => Promise<AutocannonResult>
const autocannon = require('autocannon') as Autocannon

export interface HttpRun {
  name: string
  requests: number
  seconds: number
  p50: number
  p99: number
  failed: number
  statuses: string
}

export interface HttpRunOptions {
  name: string
  /** Arguments of server.ts. */
  serverArgs: string[]
  messages: readonly BenchMessage[]
  connections: number
  /** Extra node flags for the server (e.g. --cpu-prof). */
  nodeFlags?: string[]
}

/** Run one target: server up, all messages once, server down. */
export async function httpRun(options: HttpRunOptions): Promise<HttpRun> {
  const { child, port } = await startServer(options.serverArgs, options.nodeFlags ?? [])
  try {
    const signed = signAll(options.messages)
    const started = performance.now()
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/webhooks/sandbox`,
      connections: options.connections,
      amount: signed.length,
      timeout: 60,
      requests: [{ method: 'POST', setupRequest: feeder(signed) }],
    })
    const seconds = (performance.now() - started) / 1000
    const statuses = Object.entries(result.statusCodeStats)
      .map(([code, s]) => `${code}:${s.count}`)
      .join(' ')
    return {
      name: options.name,
      requests: signed.length,
      seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failed: result.non2xx + result.errors + result.timeouts,
      statuses,
    }
  } finally {
    await stopServer(child)
  }
}

/** Hands each request the next message, shared by all connections, so none is sent twice. */
function feeder(signed: readonly SignedMessage[]) {
  let next = 0
  return (request: Record<string, unknown>) => {
    const m = signed[next++ % signed.length] as SignedMessage
    return { ...request, body: m.body, headers: m.headers }
  }
}

const SERVER = new URL('./server.ts', import.meta.url).pathname

export async function startServer(
  args: string[],
  flags: string[],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...flags, '--conditions=@wismo/source', SERVER, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before it was ready`)))
  })
  return { child, port }
}

export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
