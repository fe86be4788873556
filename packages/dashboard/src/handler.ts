/**
 * The dashboard as one `(Request) => Promise<Response>` handler. Every route is behind the host's
 * `authorize`, which runs first, before any route is looked at:
 *
 * | route | what |
 * |---|---|
 * | `GET {base}` | the search form |
 * | `POST {base}/search` (form `q`), `GET {base}/search?q=` | search by order id, e-mail or tracking number |
 * | `GET {base}/shipments/{id}` | one shipment: history, carrier payloads, notifications, ETA, signals |
 * | `GET {base}/metrics?from=&to=&carrier=` | delivery metrics by carrier and lane |
 * | `GET {base}/attention` | shipments that need attention |
 */
import { isWismoError, readBody, type Wismo } from '@wismo/core'
import { html, type Markup, pageResponses } from '@wismo/core/html'
import { loadAttention } from './attention.ts'
import { loadMetrics } from './metrics/load.ts'
import { periodOf } from './metrics/period.ts'
import type { OpsDashboardSettings, StaffMember } from './options.ts'
import { attentionPage } from './pages/attention.ts'
import { metricsPage } from './pages/metrics.ts'
import { searchForm, searchResults } from './pages/search.ts'
import { shipmentPage } from './pages/shipment.ts'
import type { Formats } from './render/format.ts'
import { type Frame, layout, type SectionId } from './render/layout.ts'
import type { OpsReader } from './source.ts'

export interface DashboardContext {
  wismo: Wismo
  ops: OpsReader
  settings: OpsDashboardSettings
  basePath: string
  fmt: Formats
}

const SEARCH_LIMIT = 50
const FORM_LIMITS = { maxBytes: 4 * 1024, idleTimeoutMs: 10_000, timeoutMs: 30_000 }
const SHIPMENT_ID = /^[^/]{1,200}$/
/** Every answer is private, unframed and script-free; the charts are inline SVG, so no image host. */
const respond = pageResponses()

interface Visit {
  ctx: DashboardContext
  request: Request
  url: URL
  method: string
  frame: Frame
}

export async function handleDashboard(ctx: DashboardContext, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const rest = url.pathname.startsWith(ctx.basePath) ? url.pathname.slice(ctx.basePath.length) : null
  if (rest === null || (rest !== '' && !rest.startsWith('/'))) return respond.empty(404)
  const who = await authorized(ctx, request)
  if (!('name' in who)) return refusal(ctx, who.status)
  const frame: Frame = { basePath: ctx.basePath, title: ctx.settings.title, who: who.name, current: null }
  const visit = { ctx, request, url, method: request.method === 'HEAD' ? 'GET' : request.method, frame }
  try {
    return await route(visit, rest === '/' ? '' : rest)
  } catch (error) {
    ctx.wismo.log.error({ error, route: routeName(rest) }, 'the ops dashboard could not answer')
    const status = isWismoError(error) && error.retryable ? 503 : 500
    return page(
      visit,
      null,
      'Something went wrong',
      problem('The page could not be loaded. Try again shortly; the error is in the server log.'),
      status,
    )
  }
}

/** The host's verdict; a throwing or malformed `authorize` is a 500, logged, never shown. */
async function authorized(
  ctx: DashboardContext,
  request: Request,
): Promise<StaffMember | { status: number }> {
  let verdict: unknown
  try {
    verdict = await ctx.settings.authorize(request)
  } catch (error) {
    ctx.wismo.log.error({ error }, 'the ops dashboard: authorize threw; answered 500')
    return { status: 500 }
  }
  if (verdict === null) return { status: 401 }
  if (verdict === false) return { status: 403 }
  const name = (verdict as { name?: unknown } | undefined)?.name
  if (typeof name === 'string' && name.trim()) return { name: name.trim().slice(0, 200) }
  ctx.wismo.log.error(
    {},
    'the ops dashboard: authorize returned neither { name }, null nor false; answered 500',
  )
  return { status: 500 }
}

const REFUSALS: Readonly<Record<number, [string, string]>> = {
  401: ['Sign in needed', 'This page is for the support and operations team. Sign in and try again.'],
  403: ['Not allowed', 'Your account may not see the operations dashboard.'],
  500: ['Something went wrong', 'The access check failed. The error is in the server log.'],
}

function refusal(ctx: DashboardContext, status: number): Response {
  // Nothing about the request is logged: it may carry a customer's e-mail address in its query.
  if (status !== 500) ctx.wismo.log.info({ status }, 'the ops dashboard refused a request')
  const [title, text] = REFUSALS[status] ?? (REFUSALS[500] as [string, string])
  const frame: Frame = { basePath: ctx.basePath, title: ctx.settings.title, who: null, current: null }
  const headers: Record<string, string> =
    status === 401 && ctx.settings.challenge ? { 'www-authenticate': ctx.settings.challenge } : {}
  return respond.html(layout(frame, title, problem(text)), status, headers)
}

async function route(visit: Visit, rest: string): Promise<Response> {
  const { method } = visit
  if (rest === '') return method === 'GET' ? searchPage(visit, '', null, 200) : notAllowed('GET, HEAD')
  if (rest === '/search') {
    if (method === 'POST') return searchPost(visit)
    return method === 'GET' ? searchGet(visit) : notAllowed('GET, HEAD, POST')
  }
  if (rest === '/metrics') return method === 'GET' ? metrics(visit) : notAllowed('GET, HEAD')
  if (rest === '/attention') return method === 'GET' ? attention(visit) : notAllowed('GET, HEAD')
  if (rest.startsWith('/shipments/')) {
    const id = decodeSegment(rest.slice('/shipments/'.length))
    if (id !== null && SHIPMENT_ID.test(id))
      return method === 'GET' ? shipment(visit, id) : notAllowed('GET, HEAD')
  }
  return page(visit, null, 'Not found', problem('There is no such page in the dashboard.'), 404)
}

function page(
  visit: Visit,
  current: SectionId | null,
  heading: string,
  body: Markup,
  status = 200,
): Response {
  return respond.html(layout({ ...visit.frame, current }, heading, body), status)
}

const problem = (text: string) => html`<p class="notice error" role="alert">${text}</p>`

async function searchPage(
  visit: Visit,
  text: string,
  trouble: string | null,
  status: number,
  results?: Markup,
) {
  const form = searchForm(`${visit.ctx.basePath}/search`, text, trouble)
  return page(visit, 'search', 'Search', html`${form}${results ?? ''}`, status)
}

/** `GET ?q=` for links (order ids, tracking numbers); an e-mail address is refused here. */
async function searchGet(visit: Visit): Promise<Response> {
  const text = (visit.url.searchParams.get('q') ?? '').trim()
  if (text.includes('@'))
    return searchPage(
      visit,
      '',
      'Search e-mail addresses with the form: they are kept out of addresses and logs.',
      400,
    )
  return runSearch(visit, text)
}

async function searchPost(visit: Visit): Promise<Response> {
  const type = visit.request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return searchPage(visit, '', 'Send the search form.', 415)
  let form: URLSearchParams
  try {
    form = new URLSearchParams(
      new TextDecoder('utf-8', { fatal: true }).decode(await readBody(visit.request, FORM_LIMITS)),
    )
  } catch {
    return searchPage(visit, '', 'The search could not be read; try again.', 400)
  }
  return runSearch(visit, (form.get('q') ?? '').trim())
}

async function runSearch(visit: Visit, text: string): Promise<Response> {
  if (!text) return searchPage(visit, '', 'Type an order id, an e-mail address or a tracking number.', 400)
  if (text.length > 320)
    return searchPage(visit, '', 'That is too long to be an order id, e-mail or tracking number.', 400)
  const hits = await visit.ctx.ops.search(text, { limit: SEARCH_LIMIT })
  return searchPage(
    visit,
    text,
    null,
    200,
    searchResults(hits, visit.ctx.basePath, SEARCH_LIMIT, visit.ctx.fmt),
  )
}

async function shipment(visit: Visit, id: string): Promise<Response> {
  const detail = await visit.ctx.ops.shipment(id)
  if (!detail) return page(visit, null, 'No such shipment', problem('No shipment has this id.'), 404)
  const s = detail.shipment
  return page(visit, null, `Shipment ${s.carrier} ${s.trackingNumber}`, shipmentPage(detail, visit.ctx.fmt))
}

async function metrics(visit: Visit): Promise<Response> {
  const { ctx, url } = visit
  const today = ctx.fmt.dateOf(ctx.wismo.clock().getTime())
  const asked = { from: url.searchParams.get('from'), to: url.searchParams.get('to') }
  const period = periodOf(asked, today, ctx.settings.timeZone, ctx.settings.defaultDays)
  const carriers = [...ctx.wismo.carriers.keys()].sort()
  const carrier = url.searchParams.get('carrier') || null
  if ('problem' in period) return page(visit, 'metrics', 'Metrics', problem(period.problem), 400)
  if (carrier && !carriers.includes(carrier))
    return page(visit, 'metrics', 'Metrics', problem('No carrier has that id.'), 400)
  const data = await loadMetrics(ctx.wismo.store, period, carrier, ctx.settings.scanLimit)
  const view = {
    action: `${ctx.basePath}/metrics`,
    period,
    carrier,
    carriers,
    data,
    cap: ctx.settings.scanLimit,
    fmt: ctx.fmt,
  }
  return page(visit, 'metrics', 'Metrics', metricsPage(view))
}

async function attention(visit: Visit): Promise<Response> {
  const { ctx } = visit
  const today = ctx.fmt.dateOf(ctx.wismo.clock().getTime())
  const list = await loadAttention(ctx.wismo.store, today, ctx.settings.scanLimit)
  return page(
    visit,
    'attention',
    'Needs attention',
    attentionPage(list, ctx.basePath, ctx.settings.scanLimit, ctx.fmt),
  )
}

function notAllowed(allow: string): Response {
  return respond.empty(405, { allow })
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** The route's name for logs: never its query, which may hold what was searched for. */
function routeName(rest: string): string {
  return rest.split('/')[1] || 'search'
}
