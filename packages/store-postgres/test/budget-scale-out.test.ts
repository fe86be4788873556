import { type ChildProcess, fork } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { CarrierBudget } from '@wismo/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrate } from '../src/index.ts'
import type { BudgetWorkerStats, FromBudgetWorker, ToBudgetWorker } from './budget-scale-out/protocol.ts'
import { pg } from './clients.ts'
import { dropSchema, freshSchema, poolSql, withServer } from './support.ts'

const WORKER = fileURLToPath(new URL('./budget-scale-out/worker.ts', import.meta.url))
const PROCESSES = 4
const WINDOWS = 3
/** 12 calls a second; after a quiet spell 3 at once, then one every 100 ms. */
const BUDGET: CarrierBudget = { requests: 12, perMs: 1000, burst: 3, maxWaitMs: 0 }

/** The fake carrier's API: a real HTTP server on loopback counting the calls of each window. */
function countingApi(): Promise<{ server: Server; url: string; byWindow: number[]; total: () => number }> {
  const byWindow: number[] = Array(WINDOWS).fill(0)
  const server = createServer((req, res) => {
    const window = Number(req.headers['x-window'])
    byWindow[window] = (byWindow[window] ?? 0) + 1
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        byWindow,
        total: () => byWindow.reduce((a, b) => a + b, 0),
      })
    }),
  )
}

/** Start the workers, wait until each is connected, start them together, collect their stats. */
async function runWorkers(url: string, schema: string, baseUrl: string): Promise<BudgetWorkerStats[]> {
  const children: ChildProcess[] = []
  const message = (child: ChildProcess, type: FromBudgetWorker['type']) =>
    new Promise<FromBudgetWorker>((resolve, reject) => {
      child.on('message', (m: FromBudgetWorker) => {
        if (m.type === 'failed') reject(new Error(`worker failed: ${m.error}`))
        else if (m.type === type) resolve(m)
      })
      child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
    })
  try {
    const ready = []
    const done = []
    for (let i = 0; i < PROCESSES; i++) {
      const child = fork(WORKER, [], {
        execArgv: ['--conditions=@wismo/source'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      children.push(child)
      ready.push(message(child, 'ready'))
      done.push(message(child, 'done'))
      const start: ToBudgetWorker = {
        type: 'start',
        config: { url, schema, workerId: `w${i}`, baseUrl, budget: BUDGET },
      }
      child.send(start)
    }
    await Promise.all(ready)
    const go: ToBudgetWorker = { type: 'go', t0: Date.now() + 100, windows: WINDOWS }
    for (const child of children) child.send(go)
    return (await Promise.all(done)).map((m) => (m as { stats: BudgetWorkerStats }).stats)
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
}

/** Most grants whose instant lies in any [start, start + windowMs). */
const busiest = (at: readonly number[], windowMs: number) =>
  Math.max(0, ...at.map((s) => at.filter((t) => t >= s && t < s + windowMs).length))

withServer('carrier rate budget: worker processes sharing one PostgreSQL', (url) => {
  const admin = new pg.Pool({ connectionString: url, max: 2 })
  const schema = freshSchema('wismo_budget')
  let api: Awaited<ReturnType<typeof countingApi>>

  beforeAll(async () => {
    await migrate(admin, { schema })
    api = await countingApi()
  })
  afterAll(async () => {
    await dropSchema(poolSql(admin), schema)
    await admin.end()
    await new Promise((r) => api?.server.close(r))
  })

  it(`${PROCESSES} processes calling as fast as they may never make more than the budget's ${BUDGET.requests} calls in a window of ${BUDGET.perMs} ms`, async () => {
    const stats = await runWorkers(url, schema, api.url)
    const grantedAt = stats.flatMap((s) => s.grantedAt).sort((a, b) => a - b)
    const sent = stats.reduce<number[]>(
      (acc, s) => acc.map((n, w) => n + (s.sent[w] ?? 0)),
      Array(WINDOWS).fill(0),
    )
    const report = {
      byWindowAtServer: api.byWindow,
      byWorker: stats.map((s) => s.sent.reduce((a, b) => a + b, 0)),
      refused: stats.reduce((n, s) => n + s.refused, 0),
      busiestSlidingWindow: busiest(grantedAt, BUDGET.perMs),
    }
    console.log(`rate budget across processes: ${JSON.stringify(report)}`)
    // What the carrier's API received, window by window, is what the processes sent: nothing
    // went out without a token (and no retry bypassed it).
    expect(api.byWindow).toEqual(sent)
    expect(grantedAt).toHaveLength(api.total())
    for (const calls of api.byWindow) expect(calls).toBeLessThanOrEqual(BUDGET.requests)
    // Also over every sliding window, by the instants the store granted the tokens at.
    expect(report.busiestSlidingWindow).toBeLessThanOrEqual(BUDGET.requests)
    // The processes wanted more than the budget: the bound was enforced, not merely unreached.
    expect(report.refused).toBeGreaterThan(0)
    expect(api.total()).toBeGreaterThan(0)
  }, 60_000)
})
