import { getWismo } from './wismo.ts'

/**
 * Runs Wismo's workers (polls, outbox, signals) in this server process. Throws `CONFIG_INVALID`
 * when a variable is missing, so a misconfigured server fails at start, not at the first webhook.
 * `next start` exits at once on `SIGTERM` unless `NEXT_MANUAL_SIG_HANDLE` is set; with it set,
 * stopping is ours: no new work, leases given back, the store closed, then exit.
 * @example if (process.env.NEXT_RUNTIME === 'nodejs') (await import('./lib/workers.ts')).startWorkers()
 */
export function startWorkers(): void {
  const wismo = getWismo()
  const { workerId } = wismo.start()
  console.log(`wismo: workers running as ${workerId}`)
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      wismo.stop({ timeoutMs: 10_000 }).then(
        ({ drained, released }) => {
          console.log(`wismo: ${signal}: stopped`, { drained, released })
          process.exit(0)
        },
        (error: unknown) => {
          console.error(`wismo: ${signal}: stopping failed`, error)
          process.exit(1)
        },
      )
    })
}
