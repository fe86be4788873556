/**
 * The managed worker runtime: every worker on its own cadence in one process, run again at once
 * while it finds a full batch, at its cadence when idle, and backing off while the store fails.
 * `stop` stops taking work, waits for the passes in flight (up to a bound), gives back every lease
 * the process still holds and closes the store.
 */
import { z } from 'zod'
import { parseOptions } from '../define/options.ts'
import { WismoError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { newId } from '../util/ids.ts'
import type { DispatchOptions } from '../workers/dispatcher.ts'

/**
 * One worker the runtime drives: a pass answers whether it found a full batch (more may wait),
 * and stops taking items of its batch once `signal` is aborted (`stop` was called).
 */
export interface Worker {
  name: string
  everyMs: number
  pass: (signal: AbortSignal) => Promise<boolean>
}

export const RuntimeOptionsSchema = z
  .object({
    /** Leases are held in this name; unique per process (default: a new id). */
    workerId: z.string().trim().min(1).max(200).optional(),
    /** Pause between passes of an idle worker, per worker (ms). */
    every: z
      .object({
        polls: z.number().int().min(10).default(30_000),
        dispatch: z.number().int().min(10).default(5_000),
        notify: z.number().int().min(10).default(10_000),
        signals: z.number().int().min(10).default(3_600_000),
        /** Pruning the support archive past its retention. */
        archive: z.number().int().min(10).default(3_600_000),
      })
      .strict()
      .default({ polls: 30_000, dispatch: 5_000, notify: 10_000, signals: 3_600_000, archive: 3_600_000 }),
    /** Longest pause after repeated failures (store unavailable, …); default 60 s. */
    maxBackoffMs: z.number().int().min(10).default(60_000),
    /**
     * Sends the outbox rows meant for your systems (`workers.dispatchOutbox`'s `handle`); without
     * it the dispatcher does not run. Notification messages have their own worker.
     */
    dispatch: z
      .custom<DispatchOptions['handle']>(
        (v) => typeof v === 'function',
        'expected a function (row, context) => result',
      )
      .optional(),
  })
  .strict()

export type RuntimeOptions = z.input<typeof RuntimeOptionsSchema>

export type RuntimeSettings = z.output<typeof RuntimeOptionsSchema>

/** What `stop` did. */
export interface StopReport {
  /** Every pass in flight finished within `timeoutMs`. */
  drained: boolean
  /** Leases given back to the store (outbox rows and polls this process held). */
  released: { outbox: number; polls: number }
}

export type RuntimeState = 'idle' | 'running' | 'stopping' | 'stopped'

interface Deps {
  log: Logger
  /** Give back what `workerId` holds (the store's `releaseLeases`). */
  release: (workerId: string) => Promise<{ outbox: number; polls: number }>
}

/** The loops of one instance; `start` and `stop` are `wismo.start` / `wismo.stop`. */
export function createRuntime(deps: Deps) {
  let state: RuntimeState = 'idle'
  let workerId = ''
  const inFlight = new Set<Promise<unknown>>()
  const wakers = new Set<() => void>()
  const stopping = new AbortController()

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        wakers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      wakers.add(wake)
    })
  }

  async function loop(worker: Worker, settings: RuntimeSettings): Promise<void> {
    let failures = 0
    while (state === 'running') {
      let pause = worker.everyMs
      const pass = worker.pass(stopping.signal)
      inFlight.add(pass)
      try {
        const busy = await pass
        failures = 0
        if (busy) pause = 0
      } catch (error) {
        failures++
        pause = Math.min(settings.maxBackoffMs, worker.everyMs * 2 ** Math.min(failures, 20))
        deps.log.error(
          { worker: worker.name, workerId, failures, retryInMs: pause, error },
          'a Wismo worker pass failed',
        )
      } finally {
        inFlight.delete(pass)
      }
      if (state === 'running') await (pause > 0 ? sleep(pause) : Promise.resolve())
    }
  }

  return {
    get state(): RuntimeState {
      return state
    },
    get workerId(): string {
      return workerId
    },
    /** Start `workers`; throws `CONFIG_INVALID` when running already or stopped. */
    start(
      input: unknown,
      workers: (settings: RuntimeSettings, workerId: string) => Worker[],
    ): { workerId: string } {
      if (state !== 'idle')
        throw new WismoError(
          'CONFIG_INVALID',
          `wismo.start(): the runtime is ${state}; a Wismo instance starts once`,
        )
      const settings = parseOptions(RuntimeOptionsSchema, input, 'wismo.start')
      workerId = settings.workerId ?? newId('worker')
      state = 'running'
      for (const worker of workers(settings, workerId)) void loop(worker, settings)
      deps.log.info({ workerId }, 'Wismo workers started')
      return { workerId }
    },
    /** Stop taking work, wait for passes in flight up to `timeoutMs`, give back every lease. */
    async stop(timeoutMs: number): Promise<StopReport> {
      if (state !== 'running') return { drained: true, released: { outbox: 0, polls: 0 } }
      state = 'stopping'
      stopping.abort()
      for (const wake of [...wakers]) wake()
      let timer: ReturnType<typeof setTimeout> | undefined
      const drained = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs)
        }),
      ])
      clearTimeout(timer)
      const released = await deps.release(workerId)
      state = 'stopped'
      deps.log.info({ workerId, drained, released }, 'Wismo workers stopped')
      return { drained, released }
    },
  }
}
