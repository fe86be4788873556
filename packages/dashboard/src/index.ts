import type { Wismo } from '@wismo/core'
import { type DashboardContext, handleDashboard } from './handler.ts'
import { type OpsDashboardOptions, parseDashboardOptions } from './options.ts'
import { formatsOf } from './render/format.ts'
import type { OpsReader } from './source.ts'

export { type AttentionItem, REASONS, type Reason, reasonsOf } from './attention.ts'
export {
  type DeliveryFigures,
  deliveryFigures,
  isOnTime,
  type NotificationFigures,
  notificationFigures,
  percentile,
  type ShipmentFigures,
  shipmentFigures,
  transitDays,
} from './metrics/aggregate.ts'
export {
  type Authorize,
  type OpsDashboardOptions,
  OpsDashboardOptionsSchema,
  type StaffMember,
} from './options.ts'

/** The mounted dashboard (see {@link opsDashboard}). */
export interface OpsDashboard {
  /** Where the routes live, e.g. `/ops`. Requests outside it get a bare `404`. */
  readonly basePath: string
  /** Serve one request: `Request` in, `Response` out (any mount, Hono, Next.js, edge). */
  handle(request: Request): Promise<Response>
}

/**
 * The ops dashboard for support and operations staff: search by order id, e-mail or tracking
 * number; a shipment's whole history with the carriers' raw payloads and every notification
 * attempt; delivery metrics by carrier and lane; the shipments that need attention.
 * Server-rendered, no JavaScript, behind the host's `authorize` (there is no default).
 * @example
 * const dashboard = opsDashboard(wismo, {
 *   basePath: '/ops',
 *   authorize: (request) => (request.headers.get('authorization') === `Bearer ${token}` ? { name: 'support' } : null),
 * })
 * const response = await dashboard.handle(request)
 */
export function opsDashboard(wismo: Wismo, options: OpsDashboardOptions): OpsDashboard {
  const settings = parseDashboardOptions(options)
  // Declared by the dashboard as it reads them; the type check keeps core's shapes in step.
  const ops: OpsReader = wismo.ops
  const basePath = settings.basePath
  const ctx: DashboardContext = {
    wismo,
    ops,
    settings,
    basePath,
    fmt: formatsOf(settings.locale, settings.timeZone),
  }
  return { basePath, handle: (request) => handleDashboard(ctx, request) }
}
