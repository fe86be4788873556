/**
 * The fixed-rate run: requests leave on a schedule, one every 1/rate seconds, whatever the server
 * does (an open loop), and each latency counts from the request's scheduled time, so time spent
 * queued behind a slow answer is counted too. autocannon's `overallRate` cannot do this: it lets
 * each connection send its share at the top of every second, a burst of `rate` requests at full
 * concurrency, then waits (see docs/performance.md, "The sixth stop").
 */
import { readFileSync } from 'node:fs'
import { Pool } from 'undici'
import { type HttpRun, startServer, stopServer } from './http-load.ts'
import { type BenchMessage, signAll } from './messages.ts'
import { quantile } from './report.ts'

export interface PacedRunOptions {
  name: string
  /** Arguments of server.ts. */
  serverArgs: string[]
  messages: readonly BenchMessage[]
  /** Requests per second, evenly spaced. */
  rate: number
  /** Most requests in flight; later ones queue in this process, their wait counted. */
  connections: number
  /** Leading requests sent on the same schedule but not counted (the server's JIT warm-up). */
  warmUp: number
  nodeFlags?: string[]
}

/** The fixed-rate run, with how busy the server process was while it lasted. */
export interface PacedRun extends HttpRun {
  /** The server process's CPU time (all its threads) over the run's wall time; null off Linux. */
  serverBusy: number | null
}

/** Send every message once at `rate` per second; latencies from the scheduled send times. */
export async function pacedRun(options: PacedRunOptions): Promise<PacedRun> {
  const { child, port } = await startServer(options.serverArgs, options.nodeFlags ?? [])
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: options.connections, pipelining: 1 })
  try {
    const signed = signAll(options.messages)
    const latencies: number[] = []
    const statuses = new Map<number, number>()
    let failed = 0
    const send = async (index: number, due: number) => {
      const m = signed[index] as (typeof signed)[number]
      try {
        const res = await pool.request({
          method: 'POST',
          path: '/webhooks/sandbox',
          headers: m.headers,
          body: m.body,
        })
        await res.body.dump()
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
        if (res.statusCode < 200 || res.statusCode > 299) failed++
      } catch {
        failed++
      }
      if (index >= options.warmUp) latencies.push(performance.now() - due)
    }
    const cpuBefore = cpuSeconds(child.pid)
    const started = performance.now()
    const interval = 1000 / options.rate
    const inFlight: Promise<void>[] = []
    let next = 0
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now()
        while (next < signed.length && started + next * interval <= now) {
          inFlight.push(send(next, started + next * interval))
          next++
        }
        if (next < signed.length) setTimeout(tick, Math.max(0, started + next * interval - performance.now()))
        else resolve()
      }
      tick()
    })
    await Promise.all(inFlight)
    const seconds = (performance.now() - started) / 1000
    const cpuAfter = cpuSeconds(child.pid)
    latencies.sort((a, b) => a - b)
    return {
      name: options.name,
      requests: signed.length,
      seconds,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      failed,
      statuses: [...statuses].map(([code, n]) => `${code}:${n}`).join(' '),
      serverBusy: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / seconds,
    }
  } finally {
    await pool.close()
    await stopServer(child)
  }
}

/** User and system CPU seconds of a process so far, from /proc (Linux; null elsewhere). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** Linux's USER_HZ: /proc counts CPU time in these ticks. */
const CLOCK_TICKS = 100
