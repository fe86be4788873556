import { getTrackingPage } from '../../../lib/tracking-page.ts'

// `/track`, `/track/lookup`, `/track/o/<token>` and the rest: the page routes on the full path.
// It reads its own form bodies, so nothing may parse them first (route handlers never do).

/**
 * The tracking page's reads: the lookup form, an order's page and its JSON.
 * @example GET /track/o/v1.QS0xMDAx.… (the signed link from `wismo.trackingLink(orderId)`)
 */
export const GET = (request: Request): Promise<Response> => getTrackingPage().handle(request)

/**
 * The tracking page's forms: lookup, feedback and preferences.
 * @example POST /track/lookup (form: order, contact)
 */
export const POST = (request: Request): Promise<Response> => getTrackingPage().handle(request)
