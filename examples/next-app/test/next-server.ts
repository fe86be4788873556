// Runs the real `next build` and `next start` as child processes, as a deployment would.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url))
const NEXT_BIN = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url))

/** Next's own settings for a test run: production mode (vitest sets `test`), no telemetry. */
const NEXT_ENV = { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } as const

/** A running `next start`. */
export interface NextServer {
  url: string
  /** Everything the server printed so far. */
  output(): string
  /** Sends `SIGTERM` and resolves with the exit code, killing the process after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>
}

/**
 * `next build` in the app folder; rejects with the build's output when it fails.
 * @example await nextBuild()
 */
export async function nextBuild(): Promise<void> {
  const child = run(['build'], {})
  const [code] = (await once(child.process, 'exit')) as [number | null]
  if (code !== 0) throw new Error(`next build exited with ${code}:\n${child.output()}`)
}

/**
 * `next start` on a free loopback port with `env`; resolves once `readyPath` answers 200.
 * @example const server = await nextStart({ PUBLIC_URL: 'https://lumen.test' }, '/readyz')
 */
export async function nextStart(env: Record<string, string>, readyPath: string): Promise<NextServer> {
  const port = await freePort()
  const child = run(['start', '--port', String(port), '--hostname', '127.0.0.1'], env)
  const exited = once(child.process, 'exit').then(([code]) => code as number | null)
  const server: NextServer = {
    url: `http://127.0.0.1:${port}`,
    output: child.output,
    async stop(timeoutMs = 30_000) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return child.process.exitCode
      child.process.kill('SIGTERM')
      const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
  }
  try {
    await untilReady(server, readyPath, exited)
  } catch (error) {
    await server.stop()
    throw error
  }
  return server
}

/** Polls `path` until it answers 200; fails at once if the server exits first. */
async function untilReady(server: NextServer, path: string, exited: Promise<number | null>): Promise<void> {
  const state: { exitCode?: number | null } = {}
  void exited.then((code) => {
    state.exitCode = code
  })
  for (;;) {
    if (state.exitCode !== undefined)
      throw new Error(`next start exited with ${state.exitCode}:\n${server.output()}`)
    const status = await fetch(`${server.url}${path}`).then(
      (r) => r.status,
      () => 0, // not listening yet
    )
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function run(args: string[], env: Record<string, string>): { process: ChildProcess; output(): string } {
  const child = spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: APP_DIR,
    env: { ...process.env, ...NEXT_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return { process: child, output: () => output }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}
