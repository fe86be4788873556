import {
  detectCarrier,
  type HttpClient,
  isWismoError,
  type Logger,
  normalizeTrackingNumber,
  type TrackingUpdate,
} from '@wismo/core'
import { type EasypostTracker, EasypostTrackerSchema } from './schema.ts'
import { EASYPOST_ID, invalid, isEmptyTracker, type TrackerContext, trackerUpdates } from './tracker.ts'

/**
 * Creates a tracker, or answers the existing one (same code, carrier and account, 3 months).
 * @example http.request(TRACKERS_PATH, { method: 'POST', json: { tracker: { tracking_code: 'EZ1000000001' } } })
 */
export const TRACKERS_PATH = '/v2/trackers'

/**
 * Wismo carrier ids → EasyPost carrier names, for numbers whose check digit says whose they are.
 * @example EASYPOST_CARRIER_NAMES.fedex // 'FedEx'
 */
export const EASYPOST_CARRIER_NAMES: Readonly<Record<string, string>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHLExpress',
}

/** What tracking needs: HTTP client, logger, mapper and the carrier-name option. */
export interface TrackContext extends Omit<TrackerContext, 'source'> {
  http: HttpClient
  log: Logger
  /** Fixed EasyPost carrier name (option `trackingCarrier`). */
  carrier: string | undefined
}

/**
 * The EasyPost carrier name to create a tracker with: the configured one, else the only carrier
 * whose check digit the number passes, else none (EasyPost detects it, more slowly).
 * @example carrierFor('1Z999AA10123456784', undefined) // 'UPS'
 */
export function carrierFor(number: string, configured: string | undefined): string | undefined {
  if (configured) return configured
  const sure = detectCarrier(number).filter((c) => c.checkDigit === 'passed')
  const names = [...new Set(sure.map((c) => EASYPOST_CARRIER_NAMES[c.carrier]))]
  return names.length === 1 ? names[0] : undefined
}

/**
 * `POST /v2/trackers` for one code: EasyPost answers the tracker (creating it the first time) with
 * its whole history. Each call is one request; trackers are de-duplicated by EasyPost, so polling
 * creates no new ones.
 * @example (await fetchTracker(ctx, 'EZ1000000001')).id // 'trk_…'
 */
export async function fetchTracker(ctx: TrackContext, number: string): Promise<EasypostTracker> {
  const carrier = carrierFor(number, ctx.carrier)
  const { data } = await ctx.http.request<unknown>(TRACKERS_PATH, {
    method: 'POST',
    json: { tracker: { tracking_code: number, ...(carrier ? { carrier } : {}) } },
  })
  const parsed = EasypostTrackerSchema.safeParse(data)
  if (!parsed.success) throw invalid('EasyPost answered a tracker in an unexpected shape', data, parsed.error)
  return parsed.data
}

/**
 * Make sure EasyPost follows a shipment: a shipment that already names its tracker (`trk_…`, e.g.
 * a label bought through EasyPost, which made the tracker) is only looked up, so no second
 * tracker with another carrier name appears; otherwise, or when EasyPost does not know that id,
 * the tracker is created.
 * @example await ensureTracker(ctx, { trackingNumber: 'EZ1000000001', carrierShipmentId: null })
 */
export async function ensureTracker(
  ctx: TrackContext,
  shipment: { trackingNumber: string; carrierShipmentId?: string | null },
): Promise<EasypostTracker> {
  const id = shipment.carrierShipmentId
  if (id?.startsWith('trk_')) {
    const known = await ctx.http
      .request<unknown>(`${TRACKERS_PATH}/${encodeURIComponent(id)}`)
      .then(({ data }) => EasypostTrackerSchema.safeParse(data))
      .catch((e: unknown) => {
        if (isWismoError(e, 'CARRIER_NOT_FOUND')) return null
        throw e
      })
    if (known?.success) return known.data
  }
  return fetchTracker(ctx, normalizeTrackingNumber(shipment.trackingNumber))
}

/**
 * Track numbers one request each. A number EasyPost knows nothing about (a fresh tracker with
 * status `unknown` and no scans, HTTP 404, or a refusal such as "no carrier matches this code",
 * logged at warn with EasyPost's reason) is left out of the result; `register` reports refusals.
 * @example await trackNumbers(ctx, ['EZ4000000004', 'EZ0000000000']) // one update: EZ4000000004
 */
export async function trackNumbers(ctx: TrackContext, numbers: readonly string[]): Promise<TrackingUpdate[]> {
  const out: TrackingUpdate[] = []
  for (const number of [...new Set(numbers.map(normalizeTrackingNumber))]) {
    const tracker = await fetchTracker(ctx, number).catch((e: unknown) => {
      if (isWismoError(e, 'CARRIER_NOT_FOUND')) return null
      // EasyPost refuses a code no carrier matches: for polling that number is unknown.
      if (!isWismoError(e, 'CARRIER_REQUEST_REJECTED')) throw e
      ctx.log.warn(
        { carrier: EASYPOST_ID, trackingNumber: number, ...e.details },
        'easypost refused the tracker',
      )
      return null
    })
    if (!tracker || isEmptyTracker(tracker)) {
      ctx.log.debug(
        { carrier: EASYPOST_ID, trackingNumber: number },
        'easypost has nothing for this number yet',
      )
      continue
    }
    // Filed under the number asked for, however EasyPost spells the code back.
    const updates = trackerUpdates([tracker], { ...ctx, source: 'poll' })
    out.push(...updates.map((u) => ({ ...u, trackingNumber: number })))
  }
  return out
}
