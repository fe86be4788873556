import { mkdtempSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sandboxCarrier } from '@wismo/carrier-sandbox'
import { createWismo, type Logger, type LogLevel, TERMINAL_STATUSES, type WismoStore } from '@wismo/core'
import { nodeWebhookListener, sendWebResponse, toWebRequest } from '@wismo/mount-node'
import { sqliteStore } from '@wismo/store-sqlite'
import { trackingPage } from '@wismo/tracking-page'
import type { Io } from '../cli.ts'
import { intOption } from './command.ts'
import { CUSTOMERS, SCENARIO_CYCLE, SHIPPING } from './demo-data.ts'
import { type DemoContact, demoLoggers, demoSender, logLevelOption } from './demo-log.ts'
import { demoMailbox, demoNotifications, maskEmail, stamp } from './demo-notify.ts'
import { localTime, statusLabel, timelineBlock } from './format.ts'

export interface DemoOptions {
  seed: number
  shipments: number
  /** SQLite file; default: a new file in a temp folder. */
  db?: string
  /** Simulated hours per step. */
  stepHours: number
  /** JSON log lines at this level and above go to the error stream (default `warn`). */
  logLevel?: LogLevel
  /** Keep serving the tracking page after the run, until `stop` resolves (e.g. on Ctrl-C). */
  serveUntil?: Promise<unknown>
}

export interface DemoReport {
  dbPath: string
  shipments: { trackingNumber: string; scenario: string; status: string; events: number }[]
  webhooks: { posted: number; duplicates: number; rejected: number }
  polls: number
  notifications: number
  /** Messages the notification engine sent, by channel. */
  messages: { email: number; sms: number; webhook: number }
  /** Where the demo's mailbox keeps the e-mails (`.eml` files). */
  mailDir: string
  /** One signed tracking-page link per order, and what the page answered over HTTP. */
  pages: { orderId: string; url: string; status: number; bytes: number }[]
}

/** A demo-only Standard Webhooks secret: not a credential anywhere. */
const DEMO_SECRET = 'whsec_ZGVtby1vbmx5LXNlY3JldC1mb3Itd2lzbW8tZGVtbw=='
/** A demo-only secret for the tracking-page links. */
const DEMO_LINK_SECRET = 'demo-only-tracking-link-secret-not-for-production'
const START = Date.parse('2026-11-23T13:00:00Z')

/**
 * The end-to-end demo on the embedded default (SQLite + sandbox carrier): orders are shipped,
 * the carrier's signed webhooks are POSTed over real HTTP on loopback through the node mount,
 * due shipments are polled, the outbox is dispatched, and every timeline is printed.
 */
export async function runDemo(options: DemoOptions, io: Io): Promise<DemoReport> {
  let now = START
  const clock = () => new Date(now)
  const dbPath = options.db ?? join(mkdtempSync(join(tmpdir(), 'wismo-demo-')), 'wismo.sqlite')
  const store: WismoStore = sqliteStore({ path: dbPath })
  const { server, url } = await listen()
  const logs = demoLoggers(options.logLevel ?? 'warn', io, [DEMO_SECRET])
  const contacts = new Map<string, DemoContact>()
  const sandbox = sandboxCarrier(
    {
      seed: options.seed,
      webhookSecret: DEMO_SECRET,
      clock,
      duplicateRate: 0.15,
      outOfOrderRate: 0.15,
      webhookUrl: `${url}/webhooks/sandbox`,
    },
    { log: logs.base },
  )
  const mailDir = `${dbPath}-mail`
  const mailbox = await demoMailbox(mailDir)
  const messages = { email: 0, sms: 0, webhook: 0 }
  const notifications = demoNotifications({
    io,
    clock,
    smtpPort: mailbox.port,
    baseUrl: url,
    webhookSecret: DEMO_SECRET,
    sent: messages,
  })
  const wismo = createWismo({
    store,
    carriers: [sandbox],
    clock,
    logger: logs.base,
    notifications,
    trackingLinks: { secret: DEMO_LINK_SECRET, baseUrl: `${url}/track` },
  })
  const webhooks = nodeWebhookListener(wismo, { basePath: '/webhooks', logger: logs.demo })
  const page = trackingPage(wismo, {
    shop: { name: 'Lumen Goods', colour: '#0b6e4f', supportEmail: 'help@lumen.example' },
  })
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/hooks/shop')) return shopHook(req, res, io, clock, messages)
    if (req.url?.startsWith(page.basePath))
      return void page
        .handle(toWebRequest(req))
        .then((response) => sendWebResponse(res, response))
        .catch(() => res.writeHead(500).end())
    return webhooks(req, res)
  })
  const report: DemoReport = {
    dbPath,
    shipments: [],
    webhooks: { posted: 0, duplicates: 0, rejected: 0 },
    polls: 0,
    notifications: 0,
    messages,
    mailDir,
    pages: [],
  }
  let mailsShown = 0
  const showMail = () => {
    for (const mail of mailbox.received.slice(mailsShown))
      io.out(`  [${stamp(clock())}] E-mail to ${maskEmail(mail.to)}: "${mail.subject}" — ${mail.firstLine}\n`)
    mailsShown = mailbox.received.length
    messages.email = mailsShown
  }
  const notify = async () => {
    const pass = await wismo.workers.notify({ workerId: 'demo' })
    showMail()
    return pass
  }
  try {
    io.out(
      `Wismo demo — SQLite store at ${dbPath}\nSandbox Express webhooks → ${url}/webhooks/sandbox (real HTTP on loopback)\n\n`,
    )
    wismo.on('shipment.status_changed', ({ shipment, from, to }) =>
      io.out(
        `  [${clock().toISOString().slice(0, 16).replace('T', ' ')} UTC] ${shipment.trackingNumber}: ${from} → ${statusLabel(to, shipment.subStatus)}\n`,
      ),
    )
    for (const signal of ['shipment.delayed', 'shipment.stalled', 'shipment.trending_late'] as const)
      wismo.on(signal, ({ shipment }) =>
        io.out(
          `  [${clock().toISOString().slice(0, 16).replace('T', ' ')} UTC] ${shipment.trackingNumber}: ${signal.slice(9).replace('_', ' ')}!\n`,
        ),
      )
    const tracked = await shipOrders(wismo, sandbox, options.shipments, io)
    for (const [i, t] of tracked.entries())
      contacts.set(t.orderId, CUSTOMERS[i % CUSTOMERS.length] as DemoContact)
    const send = demoSender(logs.demo, (orderId) => contacts.get(orderId))
    io.out('\nSimulating the journeys…\n')
    for (let step = 0; step < (24 * 45) / options.stepHours; step++) {
      now += options.stepHours * 3_600_000
      await deliverWebhooks(sandbox, report, logs.demo)
      // No jitter: the same --seed gives the same run, poll for poll.
      report.polls += (await wismo.workers.pollDue({ workerId: 'demo', schedule: { jitter: 0 } })).tracked
      await wismo.workers.detectSignals({ workerId: 'demo' })
      report.notifications += (
        await wismo.workers.dispatchOutbox({ workerId: 'demo', handle: send })
      ).completed
      await notify()
      if (await allSettled(wismo, tracked)) break
    }
    // The last messages wait out their burst window (and SMS quiet hours): let them go.
    for (let hour = 0; hour < 24 && (await pendingMessages(store)) > 0; hour++) {
      now += 3_600_000
      await notify()
    }
    io.out('\nTimelines (carrier local time)\n\n')
    for (const t of tracked) {
      const view = await wismo.getShipment(t.shipmentId)
      io.out(
        `${timelineBlock(`Order ${t.orderId} · ${t.customer} · journey: ${t.scenario}`, view.shipment, view.timeline)}\n`,
      )
      report.shipments.push({
        trackingNumber: t.trackingNumber,
        scenario: t.scenario,
        status: view.shipment.status,
        events: view.timeline.length,
      })
    }
    io.out("Tracking pages (signed links; the customer's view, served by @wismo/tracking-page)\n\n")
    for (const t of tracked) {
      const link = await wismo.trackingLink(t.orderId)
      // Fetched over real HTTP on loopback, as a customer's browser would.
      const response = await fetch(link)
      const bytes = (await response.arrayBuffer()).byteLength
      report.pages.push({ orderId: t.orderId, url: link, status: response.status, bytes })
      io.out(`  Order ${t.orderId}: ${link}  (${response.status}, ${(bytes / 1024).toFixed(1)} KB)\n`)
    }
    io.out('\n')
    const w = report.webhooks
    io.out(
      `Summary: ${w.posted} webhooks posted (${w.duplicates} redeliveries acknowledged without change, ${w.rejected} rejected), ` +
        `${report.polls} poll answers, ${report.notifications} outbox rows dispatched.\n` +
        `Messages to customers: ${messages.email} e-mails (through SMTP to the demo's mailbox; read them in ${mailDir}), ` +
        `${messages.sms} SMS and ${messages.webhook} webhooks (printed above).\nThe SQLite file stays at ${dbPath}.\n`,
    )
    if (options.serveUntil) {
      io.out(
        `\nServing the tracking pages at ${url}${page.basePath} — open a link above. Press Ctrl-C to stop.\n`,
      )
      await options.serveUntil
    }
    return report
  } finally {
    server.close()
    await mailbox.close()
    await wismo.close()
  }
}

/** Notification messages not sent yet (waiting out their burst window or quiet hours). */
async function pendingMessages(store: WismoStore): Promise<number> {
  const rows = await store.listOutbox({ state: 'pending', limit: 10_000 })
  return rows.filter((r) => r.topic.startsWith('notify.')).length
}

/** The shop's own system receiving Wismo's signed webhooks: the demo prints what arrived. */
function shopHook(
  req: IncomingMessage,
  res: ServerResponse,
  io: Io,
  clock: () => Date,
  messages: { webhook: number },
) {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      type?: string
      data?: { orderId?: string }
    }
    messages.webhook++
    io.out(
      `  [${stamp(clock())}] Webhook ${body.type} → the shop's systems (order ${body.data?.orderId}, ${req.headers['webhook-id']})\n`,
    )
    res.writeHead(204).end()
  })
}

async function shipOrders(
  wismo: ReturnType<typeof createWismo>,
  sandbox: ReturnType<typeof sandboxCarrier>,
  count: number,
  io: Io,
) {
  const tracked = []
  for (let i = 0; i < count; i++) {
    const customer = CUSTOMERS[i % CUSTOMERS.length] as (typeof CUSTOMERS)[number]
    const scenario = SCENARIO_CYCLE[i % SCENARIO_CYCLE.length] as (typeof SCENARIO_CYCLE)[number]
    const orderId = `A-${1001 + i}`
    await wismo.registerOrder({
      id: orderId,
      customer,
      preferences: { email: true, sms: true, mutedTriggers: [] },
    })
    const shipping = SHIPPING[i % SHIPPING.length] as (typeof SHIPPING)[number]
    // The label is bought through the carrier, as a shop does; the sandbox plays this journey.
    sandbox.simulator.forceScenarios(scenario)
    const { shipment, rate } = await wismo.createShipment({
      orderId,
      carrier: 'sandbox',
      from: shipping.from,
      to: { name: customer.name, ...shipping.to },
      parcels: [{ weightKg: 0.5 + (i % 4) * 0.75, lengthCm: 30, widthCm: 20, heightCm: 12 }],
      service: 'cheapest',
    })
    const { trackingNumber } = shipment
    const carrier = wismo.detectCarrier(trackingNumber)[0]
    io.out(
      `Order ${orderId} for ${customer.name}: label bought (${rate.service}, ${rate.amount.toFixed(2)} ${rate.currency}), ` +
        `tracking ${trackingNumber} (detected: ${carrier?.carrier} ${((carrier?.confidence ?? 0) * 100).toFixed(0)}%)\n`,
    )
    tracked.push({
      orderId,
      customer: customer.name,
      scenario,
      trackingNumber,
      shipmentId: shipment.id,
    })
  }
  return tracked
}

async function deliverWebhooks(sandbox: ReturnType<typeof sandboxCarrier>, report: DemoReport, log: Logger) {
  for (const request of await sandbox.simulator.webhooksUntil(sandbox.simulator.now())) {
    const headers = request.headers
    const response = await fetch(request)
    const body = (await response.json()) as { duplicate?: boolean; newEvents?: number }
    log.debug({ url: request.url, headers, status: response.status, answer: body }, 'demo: webhook posted')
    report.webhooks.posted++
    if (!response.ok) report.webhooks.rejected++
    else if (body.duplicate) report.webhooks.duplicates++
  }
}

async function allSettled(wismo: ReturnType<typeof createWismo>, tracked: readonly { shipmentId: string }[]) {
  for (const t of tracked) {
    const { shipment } = await wismo.getShipment(t.shipmentId)
    // A lost parcel stays in exception for good; any other exception (returning to sender) moves on.
    const lost = shipment.status === 'exception' && shipment.subStatus === 'lost'
    if (!TERMINAL_STATUSES.includes(shipment.status) && !lost) return false
  }
  return true
}

function listen(): Promise<{ server: Server; url: string }> {
  const server = createServer()
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    )
  })
}

/** `wismo demo`: the CLI entry. */
export const demoCommand = {
  summary: 'run an end-to-end demo on SQLite with the sandbox carrier',
  options: {
    seed: { type: 'string' as const },
    shipments: { type: 'string' as const },
    db: { type: 'string' as const },
    'log-level': { type: 'string' as const },
    /** Keep serving the tracking pages after the run (default: when run in a terminal). */
    serve: { type: 'boolean' as const },
    /** Stop after the run even in a terminal. */
    exit: { type: 'boolean' as const },
  },
  async run(values: Record<string, unknown>, _positionals: string[], io: Io) {
    const serve = values.exit !== true && (values.serve === true || process.stdout.isTTY === true)
    await runDemo(
      {
        seed: intOption(values, 'seed', 42, 0xffff_ffff),
        shipments: Math.max(1, intOption(values, 'shipments', 5, 200)),
        stepHours: 3,
        logLevel: logLevelOption(values),
        ...(typeof values.db === 'string' ? { db: values.db } : {}),
        ...(serve ? { serveUntil: interrupted() } : {}),
      },
      io,
    )
  },
}

/** Resolves on Ctrl-C or SIGTERM. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

export { localTime }
