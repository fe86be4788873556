import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromWorker, WorkerConfig, WorkerStats } from './protocol.ts'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))

export interface RunOptions {
  base: Omit<WorkerConfig, 'workerId' | 'indices'>
  total: number
  processes: number
  /** SIGKILL worker `w1` once this share of the stream is acknowledged, while it holds leases. */
  killAt?: number
  /** Delay between seeing w1 claim outbox rows and the kill, so it dies mid-batch (some sent, none completed). */
  killDelayMs?: number
  /** Called right after the kill, before a new worker takes over (e.g. to count orphaned leases). */
  afterKill?: (workerId: string) => Promise<void>
}

export interface RunResult {
  stats: WorkerStats[]
  killed: { workerId: string; pid: number; ackedBeforeKill: number; handedOver: number } | null
  processes: number
  ms: number
}

interface Worker {
  id: string
  child: ChildProcess
  indices: number[]
  acked: Set<number>
  ingested: boolean
  done: WorkerStats | null
  killed: boolean
}

/**
 * Start `processes` workers on round-robin shares of the stream, optionally SIGKILL one mid-run and
 * hand its unacknowledged input to a new process, drain the outbox, and collect each one's stats.
 */
export function runWorkers(options: RunOptions): Promise<RunResult> {
  const started = performance.now()
  const workers: Worker[] = []
  let acked = 0
  let killed: RunResult['killed'] = null
  let killing = false

  return new Promise<RunResult>((resolve, reject) => {
    const fail = (error: Error) => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL')
      reject(error)
    }
    const live = () => workers.filter((w) => !w.killed)
    const maybeFinish = () => {
      if (live().every((w) => w.done)) {
        resolve({
          stats: live().map((w) => w.done as WorkerStats),
          killed,
          processes: workers.length,
          ms: performance.now() - started,
        })
      }
    }
    const maybeDrain = () => {
      if (killing || !live().every((w) => w.ingested)) return
      for (const w of live()) w.child.send({ type: 'drain' })
    }
    const kill = async (victim: Worker) => {
      const pid = victim.child.pid ?? -1
      victim.killed = true
      victim.child.kill('SIGKILL')
      await new Promise((r) =>
        victim.child.exitCode !== null || victim.child.signalCode ? r(null) : victim.child.once('exit', r),
      )
      await options.afterKill?.(victim.id)
      const rest = victim.indices.filter((i) => !victim.acked.has(i))
      killed = { workerId: victim.id, pid, ackedBeforeKill: victim.acked.size, handedOver: rest.length }
      start(`w${workers.length}`, rest)
      killing = false
    }
    const start = (id: string, indices: number[]) => {
      const child = fork(WORKER, [], {
        execArgv: ['--conditions=@wismo/source'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      const w: Worker = { id, child, indices, acked: new Set(), ingested: false, done: null, killed: false }
      workers.push(w)
      child.on('message', (m: FromWorker) => {
        if (m.type === 'ack') {
          w.acked.add(m.index)
          acked++
        } else if (m.type === 'claimed') {
          const due =
            options.killAt !== undefined &&
            !killed &&
            !killing &&
            id === 'w1' &&
            acked >= options.total * options.killAt
          if (due) {
            killing = true
            setTimeout(() => kill(w).catch(fail), options.killDelayMs ?? 0)
          }
        } else if (m.type === 'ingested') {
          w.ingested = true
          maybeDrain()
        } else if (m.type === 'done') {
          w.done = m.stats
          maybeFinish()
        } else if (m.type === 'failed') fail(new Error(`worker ${id} failed: ${m.error}`))
      })
      child.on('exit', (code, signal) => {
        if (!w.killed && code !== 0) fail(new Error(`worker ${id} exited with ${code ?? signal}`))
      })
      child.send({ type: 'start', config: { ...options.base, workerId: id, indices } })
    }
    const shares = Array.from({ length: options.processes }, (_, p) =>
      Array.from(
        { length: Math.ceil((options.total - p) / options.processes) },
        (_, k) => p + k * options.processes,
      ),
    )
    for (const [p, indices] of shares.entries()) start(`w${p}`, indices)
  })
}
