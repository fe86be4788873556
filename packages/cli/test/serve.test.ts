import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, type WismoStore } from '@wismo/core'
import { migrate, postgresStore } from '@wismo/store-postgres'
import { sqliteStore } from '@wismo/store-sqlite'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it, vi } from 'vitest'
import {
  type PgliteBridge,
  pgliteBridge,
} from '../../store-postgres/test/failover-scale-out/pglite-bridge.ts'
import { runCli } from '../src/cli.ts'
import { parseServeConfig } from '../src/commands/serve-config.ts'
import { capture } from './capture.ts'
import { SERVE_SECRET } from './fixtures/serve-secret.ts'

const BIN = join(import.meta.dirname, '../src/bin.ts')
const CONFIG = join(import.meta.dirname, 'fixtures/serve.config.ts')

/** A TCP port free on loopback right now, for a server the child process starts. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

/** `wismo serve` as a child process, its output collected. */
function serve(env: Record<string, string>) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@wismo/source', BIN, 'serve', '--config', CONFIG],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return { child, exit, output: () => out }
}

/** Where the served process keeps its data, and how the test reads it afterwards. */
interface Db {
  env: Record<string, string>
  count: (sql: string) => Promise<number>
  reader: () => WismoStore
  close: () => Promise<void>
}

function sqliteDb(): Db {
  const path = join(mkdtempSync(join(tmpdir(), 'wismo-serve-')), 'serve.sqlite')
  let sqlite: Database.Database | null = null
  return {
    env: { WISMO_SERVE_DB: path },
    count: async (sql) => {
      sqlite ??= new Database(path, { readonly: true })
      return (sqlite.prepare(sql.replaceAll('{s}.', '')).get() as { n: number }).n
    },
    reader: () => sqliteStore({ path }),
    close: async () => {
      sqlite?.close()
    },
  }
}

async function postgresDb(url: string, bridge?: PgliteBridge): Promise<Db> {
  const schema = `wismo_serve_${process.pid}_${Date.now()}`
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  await migrate(pool, { schema })
  return {
    env: { WISMO_SERVE_PG: url, WISMO_SERVE_SCHEMA: schema },
    count: async (sql) => Number((await pool.query(sql.replaceAll('{s}.', `${schema}.`))).rows[0]?.n),
    reader: () => postgresStore({ client: pool, schema }),
    close: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await pool.end()
      await bridge?.close()
    },
  }
}

const SERVER = process.env.WISMO_TEST_PG_URL ?? null
const STORES: [string, () => Promise<Db>][] = [
  ['SQLite', async () => sqliteDb()],
  [
    SERVER ? 'PostgreSQL server' : 'PostgreSQL (PGlite stand-in over loopback)',
    async () => {
      if (SERVER) return postgresDb(SERVER)
      if (process.env.CI === 'true') throw new Error('CI=true but WISMO_TEST_PG_URL is not set')
      const bridge = await pgliteBridge()
      return postgresDb(bridge.url, bridge)
    },
  ],
]

describe('wismo serve', () => {
  it.each(STORES)(
    'on %s: serves webhooks, health, metrics, the tracking page and the dashboard, and on SIGTERM exits with no lease held and nothing lost',
    async (_name, open) => {
      const db = await open()
      const metricsPort = await freePort()
      const proc = serve({
        ...db.env,
        WISMO_SERVE_WORKER: 'serve-1',
        WISMO_SERVE_HANDLE_MS: '300',
        WISMO_SERVE_METRICS_PORT: String(metricsPort),
      })
      try {
        const url = await vi.waitFor(
          () => {
            const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(proc.output())
            if (!m) throw new Error(`not listening yet:\n${proc.output()}`)
            return m[1] as string
          },
          { timeout: 60_000, interval: 100 },
        )
        expect((await fetch(`${url}/healthz`)).status).toBe(200)
        expect((await fetch(`${url}/readyz`)).status).toBe(200)
        expect((await fetch(`${url}/track`)).status).toBe(200)

        // The carrier's signed webhooks, duplicates and all, over real HTTP.
        const sandbox = sandboxCarrier({ seed: 9, webhookSecret: SERVE_SECRET })
        const run = sandbox.simulator.simulateMany({ count: 6 })
        for (const delivery of run.deliveries) {
          const signed = await sandbox.simulator.toRequest(delivery, new Date())
          const response = await fetch(`${url}/webhooks/sandbox`, {
            method: 'POST',
            headers: signed.headers,
            body: await signed.text(),
          })
          expect(response.status).toBe(200)
        }
        // The metrics, as Prometheus scrapes them from the exporter the config registered.
        await vi.waitFor(
          async () => {
            const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
            // Every delivery counted once, under the carrier's route, as accepted (2xx).
            const accepted = new RegExp(
              `wismo_webhook_requests\\S*\\{[^}]*http_status_class="2xx"[^}]*\\} ${run.deliveries.length}\\b`,
            )
            expect(scraped).toMatch(accepted)
            expect(scraped).toMatch(/wismo_webhook_route="sandbox"/)
            expect(scraped).toMatch(/wismo_ingest_duration\S*_count\{[^}]*wismo_source="webhook"/)
            expect(scraped).toMatch(/wismo_outbox_depth\S* \d+/)
          },
          { timeout: 30_000, interval: 200 },
        )
        // The ops dashboard is served behind its authorize check and finds what the webhooks stored.
        const staff = { authorization: 'Bearer serve-test-staff' }
        expect((await fetch(`${url}/ops`)).status).toBe(401)
        const number = run.shipments[0]?.trackingNumber ?? ''
        const found = await fetch(`${url}/ops/search?q=${number}`, { headers: staff })
        expect(found.status).toBe(200)
        expect(await found.text()).toContain(number)
        // Let the slow outbox handler get rows in hand, then stop the process mid-work.
        const leased = () =>
          db.count("SELECT count(*) AS n FROM {s}.outbox WHERE state = 'pending' AND lease_owner = 'serve-1'")
        await vi.waitFor(async () => expect(await leased()).toBeGreaterThan(0), {
          timeout: 30_000,
          interval: 20,
        })
        const signalled = performance.now()
        proc.child.kill('SIGTERM')
        const code = await proc.exit
        const tookMs = Math.round(performance.now() - signalled)
        console.log(
          `wismo serve on ${_name}: SIGTERM to exit in ${tookMs} ms (shutdown bound 1000 ms)\n${proc.output()}`,
        )
        expect(code).toBe(0)
        expect(proc.output()).toMatch(/SIGTERM: stopping/)
        expect(proc.output()).toMatch(
          /stopped \(drained: (true|false), leases given back: \d+ outbox, \d+ polls\)/,
        )

        // No lease left held: every row and poll is claimable by the next process at once.
        expect(await leased()).toBe(0)
        expect(await db.count("SELECT count(*) AS n FROM {s}.shipments WHERE poll_owner = 'serve-1'")).toBe(0)
        expect(await db.count("SELECT count(*) AS n FROM {s}.outbox WHERE state = 'dead'")).toBe(0)

        // Nothing lost: every scan of every simulated parcel is stored.
        const reader = createWismo({ store: db.reader(), carriers: [sandbox] })
        for (const shipment of run.shipments) {
          const view = await reader.findShipment('sandbox', shipment.trackingNumber)
          expect(view?.timeline.length).toBe(new Set(shipment.scans.map((s) => s.event.id)).size)
        }
        await reader.close()
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
        await db.close()
      }
    },
    180_000,
  )

  it('refuses a missing config file and lists every problem of a bad config at once', async () => {
    const c = capture()
    expect(await runCli(['serve', '--config', '/nowhere/wismo.config.ts'], c.io)).toBe(2)
    expect(c.err()).toMatch(/no config file at \/nowhere\/wismo\.config\.ts.*INPUT_INVALID/)
    expect(() => parseServeConfig({ wismo: {}, port: -1, webhooks: { basePath: 'x' } })).toThrow(
      /wismo[\s\S]*port[\s\S]*webhooks\.basePath/,
    )
  })
})
