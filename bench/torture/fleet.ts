/**
 * The torture processes: each one `wismo serve --config bench/torture/serve.config.ts` (webhooks
 * and the worker runtime in one process). Started on a free port, SIGKILLed and replaced on
 * demand, stopped with SIGTERM at the end. The proxy is told which ports are live.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { LoadBalancer } from './proxy.ts'

const BIN = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url))
const CONFIG = fileURLToPath(new URL('./serve.config.ts', import.meta.url))
/** How long a process may take to listen (a loaded 2-core machine starts node slowly): generous, never asserted. */
const START_TIMEOUT_MS = 120_000

interface Member {
  id: string
  child: ChildProcess
  port: number
  /** The last lines it wrote to stderr, for the report when something fails. */
  tail: string[]
}

export interface Fleet {
  /** SIGKILL the process at `index` of the live ones and start a replacement; resolves once it listens. */
  killAndReplace(index: number): Promise<string>
  size(): number
  /** SIGTERM every process and wait for their exits; the exit codes, by worker id. */
  stop(): Promise<Record<string, number | string | null>>
  /** Stderr tails of processes that exited on their own (not killed, not stopped). */
  crashes(): string[]
}

export async function startFleet(
  env: Record<string, string>,
  processes: number,
  proxy: LoadBalancer,
): Promise<Fleet> {
  const live: Member[] = []
  const crashes: string[] = []
  const ending = new Set<ChildProcess>()
  let started = 0

  const sync = () => proxy.setBackends(live.map((m) => m.port))
  const start = (): Promise<Member> => {
    const id = `w${started++}`
    const child = spawn(process.execPath, ['--conditions=@wismo/source', BIN, 'serve', '--config', CONFIG], {
      env: { ...process.env, ...env, TORTURE_WORKER: id },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const tail: string[] = []
    child.stderr?.on('data', (c: Buffer) => {
      tail.push(c.toString())
      if (tail.length > 20) tail.shift()
    })
    child.once('exit', (code, signal) => {
      if (ending.has(child)) return
      crashes.push(`${id} exited (${code ?? signal}):\n${tail.join('')}`)
      const at = live.findIndex((m) => m.child === child)
      if (at >= 0) live.splice(at, 1)
      sync()
    })
    return new Promise((resolve, reject) => {
      let out = ''
      const timer = setTimeout(
        () => reject(new Error(`${id} did not listen within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      )
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString()
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
        if (!m) return
        clearTimeout(timer)
        out = ''
        child.stdout?.removeAllListeners('data')
        child.stdout?.resume()
        resolve({ id, child, port: Number(m[1]), tail })
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`${id} exited before listening (${code ?? signal}):\n${tail.join('')}`))
      })
    })
  }
  const exited = (child: ChildProcess) =>
    new Promise<number | string | null>((resolve) =>
      child.exitCode !== null || child.signalCode
        ? resolve(child.exitCode ?? child.signalCode)
        : child.once('exit', (code, signal) => resolve(code ?? signal)),
    )

  live.push(...(await Promise.all(Array.from({ length: processes }, start))))
  sync()
  return {
    size: () => live.length,
    crashes: () => [...crashes],
    async killAndReplace(index) {
      const victim = live[index % live.length] as Member
      live.splice(live.indexOf(victim), 1)
      sync()
      ending.add(victim.child)
      victim.child.kill('SIGKILL')
      await exited(victim.child)
      const fresh = await start()
      live.push(fresh)
      sync()
      return victim.id
    },
    async stop() {
      const codes: Record<string, number | string | null> = {}
      const members = live.splice(0)
      sync()
      await Promise.all(
        members.map(async (m) => {
          ending.add(m.child)
          m.child.kill('SIGTERM')
          const timer = setTimeout(() => m.child.kill('SIGKILL'), 30_000)
          codes[m.id] = await exited(m.child)
          clearTimeout(timer)
          if (codes[m.id] !== 0) crashes.push(`${m.id} stopped with ${codes[m.id]}:\n${m.tail.join('')}`)
        }),
      )
      return codes
    },
  }
}
