import { type Wismo, WismoError } from '@wismo/core'
import { type HandlerContext, handlePage } from './handler.ts'
import { MAP_CSS, warmRouteMap } from './map/index.ts'
import { parsePageOptions, type TrackingPageOptions } from './options.ts'
import { themeOf } from './render/theme.ts'

export { PAGE_COPY, type PageCopy } from './copy.ts'
export { type TrackingPageOptions, TrackingPageOptionsSchema } from './options.ts'
export type { EtaView, ScanView, ShipmentView, StepView } from './view.ts'

/** The mounted page (see {@link trackingPage}). */
export interface TrackingPage {
  /** Where the routes live, e.g. `/track`. Requests outside it get the not-found page. */
  readonly basePath: string
  /** Serve one request: `Request` in, `Response` out (any mount, Hono, Next.js, edge). */
  handle(request: Request): Promise<Response>
  /** Load the offline geocoding data now instead of on the first page with a map. */
  warm(): void
}

/**
 * The customer's tracking page for a Wismo instance created with `trackingLinks`: one order per
 * signed link, a lookup by order number + e-mail or postcode, the timeline, ETA, route map,
 * post-delivery rating and notification preferences. Server-rendered, no JavaScript.
 * @example
 * const page = trackingPage(wismo, { shop: { name: 'Lumen Goods', colour: '#0b6e4f' } })
 * http.createServer(async (req, res) => {
 *   if (req.url?.startsWith(page.basePath)) return sendWebResponse(res, await page.handle(toWebRequest(req)))
 * })
 */
export function trackingPage(wismo: Wismo, options: TrackingPageOptions): TrackingPage {
  const settings = parsePageOptions(options)
  if (!wismo.trackingLinkBaseUrl)
    throw new WismoError(
      'CONFIG_INVALID',
      'The tracking page opens signed links: create Wismo with createWismo({ trackingLinks: { secret, baseUrl } })',
      { details: { option: 'trackingLinks' } },
    )
  const basePath = (settings.basePath ?? basePathOf(wismo.trackingLinkBaseUrl)).replace(/\/+$/, '')
  const ctx: HandlerContext = {
    wismo,
    settings,
    basePath,
    theme: themeOf(settings.shop.colour, settings.shop.onColour),
    extraCss: settings.map ? MAP_CSS : '',
    onError: (error) => wismo.log.error({ error }, 'the tracking page failed'),
    mapCache: new Map(),
  }
  return {
    basePath,
    handle: (request) => handlePage(ctx, request),
    warm: () => {
      if (settings.map) warmRouteMap()
    },
  }
}

function basePathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname
}
