/**
 * Next.js calls `register` once when a server process starts (not during `next build`): the
 * place to run Wismo's workers next to the routes. Node only: SQLite needs it.
 * @example NEXT_MANUAL_SIG_HANDLE=true next start
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is replaced at build time, so the edge bundle leaves the Node module out.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startWorkers } = await import('./lib/workers.ts')
    startWorkers()
  }
}
