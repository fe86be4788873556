/**
 * One process of the rate-budget proof: a Wismo instance on the shared PostgreSQL store with a
 * fake carrier that declares `limits.budget`, calling `track` (one request to the loopback API
 * each) as fast as the budget lets it. Run by `node --conditions=@wismo/source`, not vitest.
 *
 * The store sees this process's clock, held inside the current window: a call started in window
 * k takes its token at an instant of window k even if the machine stalls past the window's end,
 * so every request tagged with window k was granted in window k — a slow machine makes fewer
 * calls, never more in a window.
 */
import { createWismo, defineCarrier, isWismoError, type TokenRequest } from '@wismo/core'
import pg from 'pg'
import { postgresStore } from '../../src/index.ts'
import type { BudgetWorkerConfig, BudgetWorkerStats, FromBudgetWorker, ToBudgetWorker } from './protocol.ts'

const sendNow = (message: FromBudgetWorker) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(1, ms)))
const go = new Promise<{ t0: number; windows: number }>((resolve) =>
  process.on('message', (m: ToBudgetWorker) => m.type === 'go' && resolve(m)),
)

/** The fake carrier: `track([window])` is one GET tagged with the window and the worker. */
const metered = (config: BudgetWorkerConfig) =>
  defineCarrier({
    id: 'metered',
    capabilities: { track: true },
    limits: { budget: config.budget },
    http: () => ({ baseUrl: config.baseUrl, retries: 0 }),
    setup: (_opts, { http }) => ({
      track: async ([window]) => {
        await http.request('/track', { headers: { 'x-window': String(window), 'x-worker': config.workerId } })
        return []
      },
    }),
  })()

async function run(config: BudgetWorkerConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.url, max: 2 })
  pool.on('error', () => {})
  const shared = postgresStore({ client: pool, schema: config.schema })
  const perMs = config.budget.perMs
  const clock = { t0: 0, window: 0 }
  const stats: BudgetWorkerStats = { workerId: config.workerId, sent: [], refused: 0, grantedAt: [] }
  const takeTokens = async (request: TokenRequest) => {
    const end = clock.t0 + (clock.window + 1) * perMs - 1
    const at = Math.min(Date.parse(request.now), end)
    const grant = await shared.takeTokens({ ...request, now: new Date(at).toISOString() })
    if (grant.granted) stats.grantedAt.push(at - clock.t0)
    return grant
  }
  const carrier = metered(config)
  createWismo({ store: { ...shared, takeTokens }, carriers: [carrier] })
  await shared.takeTokens({ bucket: 'warm-up', capacity: 1, refillPerMs: 1, now: new Date().toISOString() })
  await sendNow({ type: 'ready' })

  const { t0, windows } = await go
  clock.t0 = t0
  stats.sent = Array(windows).fill(0)
  // A timer may fire a little early by Date.now(): wait until the clock really reads t0.
  while (Date.now() < t0) await sleep(t0 - Date.now())
  for (let now = Date.now(); now < t0 + windows * perMs; now = Date.now()) {
    clock.window = Math.floor((now - t0) / perMs)
    try {
      await carrier.track([String(clock.window)])
      stats.sent[clock.window] = (stats.sent[clock.window] ?? 0) + 1
    } catch (e) {
      if (!isWismoError(e, 'CARRIER_RATE_LIMITED')) throw e
      stats.refused++
      await sleep(Math.min(e.retryAfterMs ?? 10, t0 + windows * perMs - Date.now()))
    }
  }
  await pool.end()
  await sendNow({ type: 'done', stats })
}

process.once('message', (m: ToBudgetWorker) => {
  if (m.type !== 'start') return
  run(m.config).then(
    () => process.exit(0),
    async (e: unknown) => {
      await sendNow({ type: 'failed', error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) })
      process.exit(1)
    },
  )
})
