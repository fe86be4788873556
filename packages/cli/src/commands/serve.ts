/**
 * `wismo serve --config wismo.config.ts`: one process serving the webhook handler, the tracking
 * page and the ops dashboard (when configured), health endpoints and the worker runtime, until `SIGTERM`/`SIGINT`,
 * then a clean stop: no new connections, work in flight finished or its leases given back.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Wismo, WismoError } from '@wismo/core'
import { nodeWebhookListener, sendWebResponse, toWebRequest } from '@wismo/mount-node'
import type { Io } from '../cli.ts'
import { configPath, importConfig } from './config-file.ts'
import { parseServeConfig } from './serve-config.ts'

type Handler = (request: Request) => Promise<Response>

export const serveCommand = {
  summary:
    'serve webhooks, the tracking page, the dashboard, health endpoints and the workers from a config file',
  options: { config: { type: 'string' as const } },
  async run(values: Record<string, unknown>, _positionals: string[], io: Io) {
    const loaded = await importConfig(configPath(values))
    const config = parseServeConfig(loaded.default)
    const { wismo } = config
    const page = config.trackingPage ? await trackingPageOf(wismo, config.trackingPage) : null
    const dashboard = config.dashboard ? await dashboardOf(wismo, config.dashboard) : null
    const mounted = [page, dashboard].filter((m) => m !== null)
    const webhooks = nodeWebhookListener(wismo, { basePath: config.webhooks.basePath })
    const routes: [string, Handler][] = [
      [config.health.live, (r) => wismo.health.live(r)],
      [config.health.ready, (r) => wismo.health.ready(r)],
    ]
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const exact = routes.find(([p]) => p === path)
      if (exact) return void serveWeb(req, res, exact[1])
      const under = mounted.find((m) => path === m.basePath || path.startsWith(`${m.basePath}/`))
      if (under) return void serveWeb(req, res, (r) => under.handle(r))
      webhooks(req, res)
    })
    await new Promise<void>((done, fail) => {
      server.once('error', fail)
      server.listen(config.port, config.host, () => done())
    })
    const { port } = server.address() as AddressInfo
    const workerId = config.runtime === false ? null : wismo.start(config.runtime).workerId
    io.out(
      `wismo serve: listening on http://${config.host}:${port} (webhooks ${config.webhooks.basePath}/<id>, ` +
        `health ${config.health.live} ${config.health.ready}${page ? `, tracking page ${page.basePath}` : ''}` +
        `${dashboard ? `, dashboard ${dashboard.basePath}` : ''})` +
        `${workerId ? `, workers as ${workerId}` : ''}\n`,
    )
    const signal = await new Promise<string>((done) => {
      process.once('SIGTERM', () => done('SIGTERM'))
      process.once('SIGINT', () => done('SIGINT'))
    })
    io.out(`wismo serve: ${signal}: stopping (up to ${config.shutdownTimeoutMs} ms for work in flight)\n`)
    const closed = new Promise<void>((done) => server.close(() => done()))
    server.closeIdleConnections()
    const report = await wismo.stop({ timeoutMs: config.shutdownTimeoutMs })
    await closed
    await config.close?.()
    io.out(
      `wismo serve: stopped (drained: ${report.drained}, leases given back: ${report.released.outbox} outbox, ${report.released.polls} polls)\n`,
    )
  },
}

function serveWeb(req: IncomingMessage, res: ServerResponse, handle: Handler): void {
  Promise.resolve()
    .then(() => handle(toWebRequest(req)))
    .then((response) => sendWebResponse(res, response))
    .catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error')
    })
}

async function trackingPageOf(wismo: Wismo, options: Record<string, unknown>) {
  try {
    const { trackingPage } = await import('@wismo/tracking-page')
    const page = trackingPage(wismo, options as Parameters<typeof trackingPage>[1])
    page.warm()
    return page
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND')
      throw new WismoError(
        'CONFIG_INVALID',
        'trackingPage is configured but @wismo/tracking-page is not installed',
      )
    throw error
  }
}

async function dashboardOf(wismo: Wismo, options: Record<string, unknown>) {
  try {
    const { opsDashboard } = await import('@wismo/dashboard')
    return opsDashboard(wismo, options as unknown as Parameters<typeof opsDashboard>[1])
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND')
      throw new WismoError('CONFIG_INVALID', 'dashboard is configured but @wismo/dashboard is not installed')
    throw error
  }
}
