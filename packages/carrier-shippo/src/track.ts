import {
  type HttpClient,
  isWismoError,
  type Logger,
  normalizeTrackingNumber,
  type Shipment,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { readTrack, trackUpdate } from './parse.ts'
import type { ShippoMapStatus } from './status-map.ts'

/** `GET /tracks/{carrier}/{number}` and `POST /tracks/` (register a webhook for a number). */
export const TRACKS_PATH = '/tracks/'

/** Shippo's `metadata` on a track holds at most 100 characters. */
const METADATA_MAX = 100

export interface TrackContext {
  http: HttpClient
  log: Logger
  map: ShippoMapStatus
  /** The Shippo carrier token of a number, or `null` when unknown. */
  tokenFor: (trackingNumber: string) => string | null
  /** Remember a number's token (from Shippo's own answers). */
  learn: (trackingNumber: string, token: string) => void
}

function unresolved(number: string): WismoError {
  return new WismoError(
    'CARRIER_UNSUPPORTED',
    'Shippo needs the carrier of this tracking number: set resolveCarrier, carrierTokens or defaultCarrier',
    { details: { trackingNumber: number } },
  )
}

/**
 * Track numbers one request each. A number Shippo does not know (HTTP 404, or a track without
 * any status) is left out of the result; one whose carrier cannot be told is `CARRIER_UNSUPPORTED`.
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
  const token = ctx.tokenFor(number)
  if (!token) throw unresolved(number)
  let body: unknown
  try {
    const path = `${TRACKS_PATH}${encodeURIComponent(token)}/${encodeURIComponent(number)}`
    ;({ data: body } = await ctx.http.request(path))
  } catch (e) {
    if (!isWismoError(e, 'CARRIER_NOT_FOUND')) throw e
    ctx.log.debug(
      { carrier: 'shippo', trackingNumber: number, token },
      'shippo does not know this number (404)',
    )
    return null
  }
  const update = trackUpdate(readTrack(body), ctx.map, 'poll')
  if (!update) ctx.log.debug({ carrier: 'shippo', trackingNumber: number, token }, 'shippo has no status yet')
  // Shippo answers for the number asked, however it spells it.
  return update ? { ...update, trackingNumber: number } : null
}

/**
 * Ask Shippo to push this number's updates (`POST /tracks/`). The carrier token is
 * `shipment.metadata.shippoCarrier` when the host stored one, else resolved as for `track`.
 * Shippo registrations do not expire, so nothing is returned.
 */
export async function registerTrack(
  ctx: TrackContext,
  shipment: Pick<Shipment, 'id' | 'trackingNumber' | 'metadata'>,
): Promise<void> {
  const number = normalizeTrackingNumber(shipment.trackingNumber)
  const token = shipment.metadata?.shippoCarrier?.trim() || ctx.tokenFor(number)
  if (!token) throw unresolved(number)
  const { data } = await ctx.http.request(TRACKS_PATH, {
    method: 'POST',
    json: { carrier: token, tracking_number: number, metadata: shipment.id.slice(0, METADATA_MAX) },
  })
  readTrack(data)
  ctx.learn(number, token)
  ctx.log.debug({ carrier: 'shippo', trackingNumber: number, token }, 'shippo track webhook registered')
}
