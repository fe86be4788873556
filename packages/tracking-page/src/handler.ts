/**
 * The tracking page as one `(Request) => Promise<Response>` handler, mounted like the webhook
 * handler under a base path:
 *
 * | route | what |
 * |---|---|
 * | `GET {base}` | find an order (number + e-mail or postcode) |
 * | `POST {base}/lookup` | the lookup; 303 to the order's signed link |
 * | `GET {base}/o/{token}` | the order's page |
 * | `GET {base}/o/{token}/json` | the same as JSON, for shops with their own UI |
 * | `POST {base}/o/{token}/feedback` | rate a delivered shipment |
 * | `POST {base}/o/{token}/preferences` | notification preferences |
 */
import {
  isWismoError,
  type NotificationPreferences,
  type Order,
  readBody,
  resolveTemplateLocale,
  type TemplateLocale,
  type Wismo,
  WismoError,
} from '@wismo/core'
import { html, type Markup, pageResponses } from '@wismo/core/html'
import { PAGE_COPY, type PageCopy } from './copy.ts'
import { lookupOrder } from './lookup.ts'
import type { TrackingPageSettings } from './options.ts'
import { grantedOrder, loadOrder, type MapCache, renderOrder } from './page.ts'
import { lookupForm } from './render/forms.ts'
import { layout, type PageFrame } from './render/layout.ts'
import type { Theme } from './render/theme.ts'
import { pageLocale } from './view.ts'

export interface HandlerContext {
  wismo: Wismo
  settings: TrackingPageSettings
  basePath: string
  theme: Theme
  extraCss: string
  onError: (error: unknown) => void
  mapCache: MapCache
}

const FORM_LIMITS = { maxBytes: 16 * 1024, idleTimeoutMs: 10_000, timeoutMs: 30_000 }
const TOKEN = /^[A-Za-z0-9._-]{1,1024}$/
/** The page's answers; `https:` images because a shop's logo (`shop.logoUrl`) is on its own host. */
const respond = pageResponses({ imageSources: ['https:', 'data:'] })

export async function handlePage(ctx: HandlerContext, request: Request): Promise<Response> {
  const url = new URL(request.url)
  const rest = url.pathname.startsWith(ctx.basePath) ? url.pathname.slice(ctx.basePath.length) : null
  const method = request.method === 'HEAD' ? 'GET' : request.method
  const lang = url.searchParams.get('lang')
  const frame = frameOf(ctx, pageLocale(lang, acceptLanguage(request)), `${url.pathname}${url.search}`)
  if (rest === null || (rest !== '' && !rest.startsWith('/'))) return notFound(ctx, frame)
  if (rest === '' || rest === '/')
    return method === 'GET' ? lookupPage(ctx, frame, null, '', 200) : notAllowed('GET')
  if (rest === '/lookup') return method === 'POST' ? lookup(ctx, request, frame) : notAllowed('POST')
  const [, o, token, action, ...extra] = rest.split('/')
  if (o !== 'o' || !token || !TOKEN.test(token) || extra.length > 0) return notFound(ctx, frame)
  const route = { token, self: `${ctx.basePath}/o/${token}`, lang }
  try {
    const grant = await ctx.wismo.openTrackingLink(token)
    if (action === undefined)
      return method === 'GET' ? orderPage(ctx, route, grant.orderId, url) : notAllowed('GET')
    if (action === 'json') return method === 'GET' ? orderJson(ctx, grant.orderId, lang) : notAllowed('GET')
    if (action === 'feedback' && method === 'POST') return await feedback(ctx, route, grant.orderId, request)
    if (action === 'preferences' && method === 'POST')
      return await preferences(ctx, route, grant.orderId, request)
    if (action === 'feedback' || action === 'preferences') return notAllowed('POST')
    return notFound(ctx, frame)
  } catch (error) {
    if (action === 'json') return jsonError(ctx, error)
    return refused(ctx, frame, error)
  }
}

interface Route {
  token: string
  self: string
  lang: string | null
}

async function orderPage(ctx: HandlerContext, route: Route, orderId: string, url: URL): Promise<Response> {
  const order = await grantedOrder(ctx.wismo, orderId)
  const locale = pageLocale(route.lang, order.customer.locale)
  const saved = url.searchParams.get('saved')
  const copy = PAGE_COPY[locale]
  const notice = saved === 'preferences' ? copy.prefsSaved : saved === 'feedback' ? copy.feedbackThanks : null
  return renderOrderResponse(ctx, route, order, locale, notice, 200)
}

async function renderOrderResponse(
  ctx: HandlerContext,
  route: Route,
  order: Order,
  locale: TemplateLocale,
  notice: string | null,
  status: number,
): Promise<Response> {
  const data = await loadOrder(ctx.wismo, order, viewContext(ctx, locale))
  const copy = PAGE_COPY[locale]
  const body = await renderOrder(ctx.wismo, data, {
    settings: ctx.settings,
    copy,
    self: route.self,
    lang: locale,
    notice,
    mapCache: ctx.mapCache,
  })
  const frame = frameOf(ctx, locale, `${route.self}`)
  return respond.html(layout(frame, copy.order(order.id), body, ctx.extraCss), status)
}

async function orderJson(ctx: HandlerContext, orderId: string, lang: string | null): Promise<Response> {
  const order = await grantedOrder(ctx.wismo, orderId)
  const locale = pageLocale(lang, order.customer.locale)
  const data = await loadOrder(ctx.wismo, order, viewContext(ctx, locale))
  const shipments = []
  for (const { view, shipment } of data.shipments) {
    const state =
      ctx.settings.feedback && shipment.status === 'delivered'
        ? await ctx.wismo.feedback.state(shipment.id)
        : null
    shipments.push({
      ...view,
      feedback: state
        ? {
            rating: state.feedback?.rating ?? null,
            comment: state.feedback?.comment ?? null,
            editable: state.editable,
            editableUntil: state.editableUntil,
          }
        : null,
    })
  }
  const summary = ctx.settings.preferences ? ctx.wismo.notifications.settings() : null
  return respond.json({
    order: { id: data.order.id },
    locale,
    shipments,
    preferences: summary
      ? { ...data.order.preferences, triggers: summary.triggers, channels: summary.channels }
      : null,
  })
}

/** A form posted about one order: its fields, the order its link grants, the page's language. */
async function orderForm(ctx: HandlerContext, orderId: string, request: Request) {
  const form = await readForm(request)
  const order = await grantedOrder(ctx.wismo, orderId)
  return { form, order, locale: pageLocale(form.get('lang'), order.customer.locale) }
}

async function feedback(
  ctx: HandlerContext,
  route: Route,
  orderId: string,
  request: Request,
): Promise<Response> {
  const { form, order, locale } = await orderForm(ctx, orderId, request)
  const shipmentId = form.get('shipment') ?? ''
  await requireOwnShipment(ctx, orderId, shipmentId)
  const rating = Number(form.get('rating'))
  const comment = (form.get('comment') ?? '').trim()
  try {
    await ctx.wismo.feedback.submit({ shipmentId, orderId, rating, comment: comment || null })
  } catch (error) {
    if (isWismoError(error, 'INPUT_INVALID') || isWismoError(error, 'FEEDBACK_CLOSED'))
      return renderOrderResponse(ctx, route, order, locale, PAGE_COPY[locale].badRequest, error.status)
    throw error
  }
  return respond.redirect(
    `${route.self}?lang=${locale}&saved=feedback#feedback-${encodeURIComponent(shipmentId)}`,
  )
}

async function preferences(
  ctx: HandlerContext,
  route: Route,
  orderId: string,
  request: Request,
): Promise<Response> {
  const { form, order, locale } = await orderForm(ctx, orderId, request)
  const summary = ctx.wismo.notifications.settings()
  if (!summary || !ctx.settings.preferences)
    throw new WismoError('ORDER_NOT_FOUND', 'No preferences on this page')
  const change: Partial<NotificationPreferences> = {}
  if (summary.channels.includes('email') && order.customer.email) change.email = form.get('email') === 'on'
  if (summary.channels.includes('sms') && order.customer.phone) {
    change.sms = form.get('sms') === 'on'
    const [start, end] = [form.get('quietStart') ?? '', form.get('quietEnd') ?? '']
    if (start || end) change.quietHours = { start, end }
    else change.quietHours = null
  }
  const kept = new Set(form.getAll('notify'))
  const unlisted = order.preferences.mutedTriggers.filter((t) => !(summary.triggers as string[]).includes(t))
  change.mutedTriggers = [...unlisted, ...summary.triggers.filter((t) => !kept.has(t))]
  try {
    await ctx.wismo.notifications.setPreferences(orderId, change)
  } catch (error) {
    if (isWismoError(error, 'INPUT_INVALID'))
      return renderOrderResponse(ctx, route, order, locale, PAGE_COPY[locale].badRequest, 400)
    throw error
  }
  return respond.redirect(`${route.self}?lang=${locale}&saved=preferences#preferences`)
}

async function lookup(ctx: HandlerContext, request: Request, frame: PageFrame): Promise<Response> {
  if (ctx.settings.lookup === false) return notFound(ctx, frame)
  let form: URLSearchParams
  try {
    form = await readForm(request)
  } catch {
    return lookupPage(ctx, frame, frame.copy.badRequest, '', 400)
  }
  const chosen = frameOf(ctx, pageLocale(form.get('lang'), frame.locale), `${ctx.basePath}`)
  const order = form.get('order') ?? ''
  const outcome = await lookupOrder(ctx.wismo, ctx.settings.lookup, request, {
    order,
    contact: form.get('contact') ?? '',
  })
  if (outcome.kind === 'found') return respond.redirect(`${outcome.url}?lang=${chosen.locale}`)
  if (outcome.kind === 'limited') {
    const minutes = Math.max(1, Math.ceil(outcome.retryAfterMs / 60_000))
    return lookupPage(ctx, chosen, chosen.copy.lookupLimited(minutes), order, 429, {
      'retry-after': String(Math.ceil(outcome.retryAfterMs / 1000)),
    })
  }
  return lookupPage(ctx, chosen, chosen.copy.lookupFailed, order, 200)
}

function lookupPage(
  ctx: HandlerContext,
  frame: PageFrame,
  problem: string | null,
  orderId: string,
  status: number,
  headers: Record<string, string> = {},
  intro?: Markup,
): Response {
  const { copy } = frame
  const form =
    ctx.settings.lookup === false
      ? html``
      : lookupForm(copy, { action: `${ctx.basePath}/lookup`, lang: frame.locale, orderId, problem })
  const body = html`<h1>${copy.pageTitle}</h1>${intro ?? ''}${form}`
  return respond.html(layout(frame, copy.pageTitle, body, ctx.extraCss), status, headers)
}

/** A link that does not open the page: say why and offer the lookup. Store trouble is a 503. */
function refused(ctx: HandlerContext, frame: PageFrame, error: unknown): Response {
  const { copy } = frame
  if (isWismoError(error, 'TRACKING_LINK_EXPIRED'))
    return lookupPage(ctx, frame, null, '', 410, {}, explain(copy.expiredTitle, copy.expiredText))
  if (isWismoError(error, 'TRACKING_LINK_INVALID'))
    return lookupPage(ctx, frame, null, '', 403, {}, explain(copy.invalidTitle, copy.invalidText))
  if (isWismoError(error, 'ORDER_NOT_FOUND')) return notFound(ctx, frame)
  if (isWismoError(error, 'WEBHOOK_TOO_LARGE')) return lookupPage(ctx, frame, copy.badRequest, '', 413)
  if (isWismoError(error, 'INPUT_INVALID') || isWismoError(error, 'WEBHOOK_BODY_TIMEOUT'))
    return lookupPage(ctx, frame, copy.badRequest, '', 400)
  ctx.onError(error)
  const status = isWismoError(error) && error.retryable ? 503 : 500
  return respond.html(
    layout(
      frame,
      copy.pageTitle,
      html`<h1>${copy.pageTitle}</h1><p class="notice error" role="alert">${copy.badRequest}</p>`,
      ctx.extraCss,
    ),
    status,
  )
}

function explain(title: string, text: string): Markup {
  return html`<section class="card" data-testid="refused"><h2>${title}</h2><p>${text}</p></section>`
}

function notFound(ctx: HandlerContext, frame: PageFrame): Response {
  return lookupPage(ctx, frame, null, '', 404, {}, explain(frame.copy.notFoundTitle, frame.copy.notFoundText))
}

function notAllowed(allow: string): Response {
  return new Response(null, { status: 405, headers: { allow: allow === 'GET' ? 'GET, HEAD' : allow } })
}

function jsonError(ctx: HandlerContext, error: unknown): Response {
  if (
    isWismoError(error) &&
    ['TRACKING_LINK_EXPIRED', 'TRACKING_LINK_INVALID', 'ORDER_NOT_FOUND'].includes(error.code)
  )
    return respond.json({ error: { code: error.code, message: error.message } }, error.status)
  ctx.onError(error)
  return respond.json({ error: { code: 'INTERNAL', message: 'The page could not be loaded' } }, 500)
}

/** A urlencoded form, at most 16 KB; anything else is `INPUT_INVALID` (or the body's own code). */
async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded')
    throw new WismoError('INPUT_INVALID', 'Expected a form (application/x-www-form-urlencoded)')
  const bytes = await readBody(request, FORM_LIMITS)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new WismoError('INPUT_INVALID', 'The form is not UTF-8')
  }
  return new URLSearchParams(text)
}

async function requireOwnShipment(ctx: HandlerContext, orderId: string, shipmentId: string): Promise<void> {
  const shipment =
    shipmentId && shipmentId.length <= 200 ? await ctx.wismo.store.getShipment(shipmentId) : null
  // Another order's shipment is answered exactly like a missing one.
  if (!shipment || shipment.orderId !== orderId)
    throw new WismoError('ORDER_NOT_FOUND', 'No such shipment on this order')
}

function viewContext(ctx: HandlerContext, locale: TemplateLocale) {
  return {
    locale,
    formatLocale: locale,
    now: ctx.wismo.clock(),
    carrierName: (id: string) => ctx.wismo.carriers.get(id)?.name ?? id,
    carrierUrl: (id: string, trackingNumber: string) =>
      ctx.wismo.carriers.get(id)?.trackingUrl?.(trackingNumber) ?? null,
  }
}

function frameOf(ctx: HandlerContext, locale: TemplateLocale, here: string): PageFrame {
  return { locale, copy: PAGE_COPY[locale] as PageCopy, shop: ctx.settings.shop, theme: ctx.theme, here }
}

function acceptLanguage(request: Request): string {
  const first = request.headers.get('accept-language')?.split(',')[0]?.split(';')[0]?.trim()
  return first ? resolveTemplateLocale(first) : 'en'
}
