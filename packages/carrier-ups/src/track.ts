import {
  type HttpRequest,
  isWismoError,
  type Logger,
  normalizeTrackingNumber,
  type OAuthSession,
  type TrackingUpdate,
} from '@wismo/core'
import { type MapStatus, readTrackResponse, toUpdate } from './parse.ts'

/** Path of the Track API; one inquiry number per request. */
export const TRACK_PATH = '/api/track/v1/details/'

export interface TrackContext {
  auth: OAuthSession
  log: Logger
  map: MapStatus
  locale: string
  headers: () => Record<string, string>
}

/** The headers UPS requires on every call: a fresh `transId` (≤ 32 characters) and `transactionSrc`. */
export function upsHeaders(transactionSrc: string): Record<string, string> {
  return { transId: crypto.randomUUID().replaceAll('-', ''), transactionSrc }
}

/**
 * Track numbers one request each (the Track API takes one inquiry number). A number UPS does not
 * know (HTTP 404, or warning `TW0001` with no package) is left out of the result.
 */
export async function trackNumbers(ctx: TrackContext, numbers: readonly string[]): Promise<TrackingUpdate[]> {
  const out: TrackingUpdate[] = []
  for (const number of [...new Set(numbers.map(normalizeTrackingNumber))]) {
    const update = await trackOne(ctx, number)
    if (update) out.push(update)
  }
  return out
}

async function trackOne(ctx: TrackContext, number: string): Promise<TrackingUpdate | null> {
  const request: HttpRequest = {
    searchParams: { locale: ctx.locale, returnSignature: false, returnMilestones: false, returnPOD: false },
    headers: ctx.headers(),
  }
  let body: unknown
  try {
    ;({ data: body } = await ctx.auth.request(`${TRACK_PATH}${encodeURIComponent(number)}`, request))
  } catch (e) {
    if (!isWismoError(e, 'CARRIER_NOT_FOUND')) throw e
    ctx.log.debug({ carrier: 'ups', trackingNumber: number }, 'ups does not know this number (404)')
    return null
  }
  const shipments = readTrackResponse(body)
  const warnings = shipments === 'not_found' ? [] : shipments.flatMap((s) => s.warnings ?? [])
  if (warnings.length > 0)
    ctx.log.debug(
      { carrier: 'ups', trackingNumber: number, warnings: warnings.map((w) => w.code) },
      'ups warnings',
    )
  const update = shipments === 'not_found' ? null : toUpdate(number, shipments, ctx.map)
  if (!update) ctx.log.debug({ carrier: 'ups', trackingNumber: number }, 'ups has no package for this number')
  return update
}
