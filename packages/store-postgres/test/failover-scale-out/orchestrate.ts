/** Start the failover workers and play rounds: every worker polls at the round's instant until nothing is due. */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  type FailoverWorkerConfig,
  type FromFailoverWorker,
  HOUR,
  type RoundReport,
  T0,
  type ToFailoverWorker,
} from './protocol.ts'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))

interface Handle {
  child: ChildProcess
  next(type: 'ready' | 'idle'): Promise<FromFailoverWorker>
}

/** A worker process whose messages are queued, so none is missed between two waits. */
function spawn(config: FailoverWorkerConfig): Handle {
  const child = fork(WORKER, [], {
    execArgv: ['--conditions=@wismo/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const inbox: FromFailoverWorker[] = []
  let waiting: { resolve: (m: FromFailoverWorker) => void; reject: (e: Error) => void } | null = null
  let broken: Error | null = null
  const fail = (e: Error) => {
    broken ??= e
    waiting?.reject(broken)
    waiting = null
  }
  child.on('message', (m: FromFailoverWorker) => {
    if (m.type === 'failed') return fail(new Error(`worker ${config.workerId} failed: ${m.error}`))
    if (waiting) {
      waiting.resolve(m)
      waiting = null
    } else inbox.push(m)
  })
  child.on('exit', (code, signal) => fail(new Error(`worker ${config.workerId} exited (${code ?? signal})`)))
  const start: ToFailoverWorker = { type: 'start', config }
  child.send(start)
  return {
    child,
    next: (type) =>
      new Promise<FromFailoverWorker>((resolve, reject) => {
        if (broken) return reject(broken)
        const queued = inbox.shift()
        const check = (m: FromFailoverWorker) =>
          m.type === type ? resolve(m) : reject(new Error(`expected ${type}, got ${m.type}`))
        if (queued) return check(queued)
        waiting = { resolve: check, reject }
      }),
  }
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
    promise.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })

export interface Fleet {
  /** Round `n` (1, 2, …) at `T0 + n` hours; resolves with each worker's report once all are idle. */
  round(): Promise<RoundReport[]>
  stop(): Promise<void>
}

export async function startFleet(
  base: Omit<FailoverWorkerConfig, 'workerId'>,
  processes: number,
  timeoutMs: number,
): Promise<Fleet> {
  const workers: Handle[] = []
  const stop = async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode) return resolve()
            const timer = setTimeout(() => w.child.kill('SIGKILL'), 10_000)
            w.child.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            const m: ToFailoverWorker = { type: 'stop' }
            w.child.send(m, (e) => e && w.child.kill('SIGKILL'))
          }),
      ),
    )
  }
  try {
    for (let i = 0; i < processes; i++) workers.push(spawn({ ...base, workerId: `w${i}` }))
    await within(Promise.all(workers.map((w) => w.next('ready'))), timeoutMs, 'workers starting')
  } catch (e) {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL')
    throw e
  }
  let n = 0
  return {
    async round() {
      n++
      const m: ToFailoverWorker = { type: 'round', round: n, at: T0 + n * HOUR }
      const idle = workers.map((w) => w.next('idle'))
      for (const w of workers) w.child.send(m)
      const answers = await within(Promise.all(idle), timeoutMs, `round ${n}`)
      return answers.map((a) => (a as Extract<FromFailoverWorker, { type: 'idle' }>).report)
    },
    stop,
  }
}
