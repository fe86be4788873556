// A shop's backend on Express + PostgreSQL: it buys labels from the sandbox carrier, receives the
// carrier's webhooks, e-mails customers through an SMTP relay and serves the tracking page.
import { randomInt } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type SandboxCarrier, sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, type OutboxRow, type RuntimeOptions, type StopReport, type Wismo } from '@wismo/core'
import { expressWebhooks } from '@wismo/mount-express'
import { sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { smtpNotifier } from '@wismo/notify-smtp'
import { postgresStore } from '@wismo/store-postgres'
import { trackingPage } from '@wismo/tracking-page'
import express from 'express'
import pg from 'pg'
import { orderRoutes } from './orders.ts'

/** What the shop needs to run. */
export interface ShopOptions {
  /** `postgres://…` of the shop's database; Wismo keeps its tables in the schema `shop`. */
  databaseUrl: string
  /** The mail relay customers' e-mails go through (no TLS, no login: a relay on your network). */
  smtp: { host: string; port: number }
  /** Where customers reach this server, e.g. `https://lumen.example`; the page is at `/track`. */
  publicUrl: string
  /** At least 32 random characters: signs the tracking links. */
  linkSecret: string
  /** `whsec_` + base64 of 24–64 random bytes: the sandbox carrier signs its webhooks with it. */
  webhookSecret: string
  /** The port to listen on (default 3000; 0: any free port). */
  port?: number
  host?: string
  /** `wismo.start()` options: cadences of the workers (tests make them short). */
  runtime?: RuntimeOptions
  /**
   * The sandbox carrier's clock (default: now). Its journeys start at this time; a test sets it
   * days back so that whole journeys lie in the past when their webhooks are posted.
   */
  carrierClock?: () => Date
  /**
   * Your systems' handler of the outbox rows meant for them (`shipment.status_changed`, signals),
   * passed on as `wismo.start({ dispatch })`; it must finish before a row counts as handled.
   * Default: one log line per status change. Without a handler the rows would stay pending and
   * `/readyz` would fail once the oldest waits 15 minutes.
   */
  dispatch?: (row: OutboxRow) => Promise<void>
  /** How long an e-mail waits so that a burst of scans gives one message (default 5 minutes). */
  burstWindowMs?: number
}

/** The running shop. */
export interface Shop {
  app: express.Express
  wismo: Wismo
  /** The sandbox carrier: its `simulator` plays the parcels' journeys. */
  sandbox: SandboxCarrier
  /** Listen, then run Wismo's workers; resolves with the address listened on. */
  start(): Promise<{ url: string; workerId: string }>
  /** Close the server (requests in flight finish), stop the workers (leases given back), end the pool; once, however often called. */
  stop(options?: { timeoutMs?: number }): Promise<StopReport>
}

/**
 * The shop's Wismo instance and Express app, not yet listening.
 * @example
 * const shop = createShop({ databaseUrl, smtp: { host: 'mail.internal', port: 25 }, publicUrl, linkSecret, webhookSecret })
 * const { url } = await shop.start()
 */
export function createShop(options: ShopOptions): Shop {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
  // pg reports an idle connection that dies (a database restart, a failover) on the pool; unheard,
  // that event would end the process. The pool replaces the connection on the next query.
  pool.on('error', (error) => console.error(`shop: idle database connection lost: ${error.message}`))
  const sandbox = sandboxCarrier({
    // A new seed per process: a fixed one would hand out the same tracking numbers after a restart.
    seed: randomInt(2 ** 32),
    webhookSecret: options.webhookSecret,
    ...(options.carrierClock ? { clock: options.carrierClock } : {}),
  })
  const wismo = createWismo({
    store: postgresStore({ client: pool, schema: 'shop' }),
    carriers: [sandbox],
    trackingLinks: { secret: options.linkSecret, baseUrl: `${options.publicUrl}/track` },
    notifications: {
      channels: {
        // A relay on a private network: no STARTTLS, no password. Use auth and TLS over the internet.
        email: [
          smtpNotifier({
            ...options.smtp,
            secure: false,
            requireTLS: false,
            from: 'Lumen Goods <orders@lumen.example>',
          }),
        ],
      },
      triggers: { out_for_delivery: ['email'], delivered: ['email'], exception: ['email'] },
      shop: { name: 'Lumen Goods' },
      // trackingUrl left out: every e-mail links to the order's signed tracking page.
      ...(options.burstWindowMs === undefined ? {} : { burstWindowMs: options.burstWindowMs }),
    },
  })
  const app = buildApp(wismo)
  let server: Server | null = null
  let stopping: Promise<StopReport> | null = null
  return {
    app,
    wismo,
    sandbox,
    start: async () => {
      server = await listen(app, options.port ?? 3000, options.host ?? '0.0.0.0')
      const { workerId } = wismo.start({ ...options.runtime, dispatch: options.dispatch ?? logStatusChange })
      const { address, port } = server.address() as AddressInfo
      return { url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`, workerId }
    },
    stop: ({ timeoutMs = 10_000 } = {}) => {
      stopping ??= (async () => {
        // Take no new requests and let those in flight finish while the store is still open.
        await close(server, timeoutMs)
        const report = await wismo.stop({ timeoutMs }) // closes the store; the pool stays ours
        await pool.end()
        return report
      })()
      return stopping
    },
  }
}

/** The routes. Order matters: the webhooks and the page read their own bodies, so no body parser runs before them. */
function buildApp(wismo: Wismo): express.Express {
  const app = express()
  app.use('/webhooks', expressWebhooks(wismo)) // carriers POST to /webhooks/<carrier id>
  const page = trackingPage(wismo, { shop: { name: 'Lumen Goods', supportEmail: 'help@lumen.example' } })
  page.warm()
  // A route, not app.use(basePath): app.use strips its path from req.url, and the page routes on the full path.
  app.all(`${page.basePath}{/*rest}`, async (req, res) =>
    sendWebResponse(res, await page.handle(toWebRequest(req))),
  )
  app.get('/healthz', async (req, res) => sendWebResponse(res, await wismo.health.live(toWebRequest(req))))
  app.get('/readyz', async (req, res) => sendWebResponse(res, await wismo.health.ready(toWebRequest(req))))
  app.use('/orders', orderRoutes(wismo)) // parses its own JSON

  return app
}

/** The default handler of the rows for the shop's systems: a line per status change. */
async function logStatusChange(row: OutboxRow): Promise<void> {
  if (row.topic !== 'shipment.status_changed') return
  const { orderId, from, to } = row.payload
  console.log(`shop: order ${String(orderId)}: ${String(from ?? 'new')} → ${String(to)}`)
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)))
  })
}

/** Stop listening and wait for the requests in flight, cutting off whatever is left after `timeoutMs`. */
function close(server: Server | null, timeoutMs: number): Promise<void> {
  if (!server?.listening) return Promise.resolve()
  const cutOff = setTimeout(() => server.closeAllConnections(), timeoutMs)
  return new Promise((resolve, reject) => {
    server.close((error) => {
      clearTimeout(cutOff)
      if (error) reject(error)
      else resolve()
    })
    server.closeIdleConnections()
  })
}
