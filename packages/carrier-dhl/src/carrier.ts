import {
  type Carrier,
  type CarrierFactoryContext,
  defineCarrier,
  type HttpClient,
  isWismoError,
  type Logger,
  statusMapper,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { detectDhl } from './detect.ts'
import { type DhlCarrierOptions, DhlCarrierOptionsSchema, type ResolvedDhlOptions } from './options.ts'
import { DhlProblemSchema, DhlTrackResponseSchema } from './schema.ts'
import { DHL_STATUS } from './status-map.ts'
import { type MapStatus, pickShipment, toUpdate } from './update.ts'

/** How much of an unreadable answer is kept in the error's `details.body`, for debugging. */
export const RAW_BODY_LIMIT = 4096

/**
 * The DHL adapter: the Unified Shipment Tracking API (`GET /track/shipments`), one number per
 * request, authenticated with the app's API key in the `DHL-API-Key` header.
 *
 * - Numbers DHL does not know (HTTP 404, or no shipment in the answer) are left out of the result.
 * - Multi-piece shipments list their pieces; scans DHL ties to some pieces name them.
 * - The Starter plan allows 1 call/s and 250 calls/day: requests are spaced to 1/s.
 * @example
 * import { dhlCarrier } from '@wismo/carrier-dhl'
 * const dhl = dhlCarrier({ apiKey: process.env.DHL_API_KEY, service: 'express' })
 * const [update] = await dhl.track(['7777777770'])
 */
export const dhlCarrier: (options?: DhlCarrierOptions, context?: CarrierFactoryContext) => Carrier =
  defineCarrier({
    id: 'dhl',
    name: 'DHL',
    trackingUrl: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={trackingNumber}',
    options: DhlCarrierOptionsSchema,
    secrets: ['apiKey'],
    capabilities: { track: true, webhooks: false, register: false, batch: 1 },
    limits: (o) => ({ requestsPerSecond: 1, ...(o.budget ? { budget: o.budget } : {}) }),
    http: (o) => ({
      baseUrl: o.baseUrl,
      headers: { 'DHL-API-Key': o.apiKey, accept: 'application/json' },
      timeoutMs: o.timeoutMs,
      retries: o.retries,
    }),
    setup: (options, { http, log }) => {
      const map: MapStatus = statusMapper(DHL_STATUS, {
        carrier: 'dhl',
        overrides: options.statusOverrides,
        log,
      })
      const ctx: TrackContext = { options, http, map, log, hintedService: false }
      return {
        detect: detectDhl,
        async track(numbers) {
          const updates: TrackingUpdate[] = []
          for (const number of numbers) {
            const update = await trackOne(number, ctx)
            if (update) updates.push(update)
          }
          return updates
        },
      }
    },
  })

/** What one carrier instance's requests share. */
interface TrackContext {
  options: ResolvedDhlOptions
  http: HttpClient
  map: MapStatus
  log: Logger
  /** Whether the "set `service`" hint was logged (once per instance). */
  hintedService: boolean
}

async function trackOne(asked: string, ctx: TrackContext): Promise<TrackingUpdate | undefined> {
  const answer = await fetchShipments(asked, ctx.options, ctx.http)
  if (!answer || isNotFoundProblem(answer.data)) return undefined
  const { data } = answer
  const parsed = DhlTrackResponseSchema.safeParse(data)
  if (!parsed.success) throw unreadable(data, parsed.error.issues)
  hintService(parsed.data.possibleAdditionalShipmentsUrl, ctx)
  const shipment = pickShipment(asked, parsed.data.shipments, ctx.options.service)
  if (!shipment) {
    ctx.log.debug(
      { carrier: 'dhl', shipments: parsed.data.shipments.length },
      'dhl answered no matching shipment',
    )
    return undefined
  }
  return toUpdate(asked, shipment, ctx.map)
}

/** DHL found the number in other units too: without `service` it may answer the wrong parcel. */
function hintService(others: readonly string[] | undefined, ctx: TrackContext): void {
  if (ctx.options.service || ctx.hintedService || !others?.length) return
  ctx.hintedService = true
  ctx.log.warn(
    { carrier: 'dhl', otherUnits: others.length },
    'dhl knows this number in several units; set the "service" option to track the right one',
  )
}

/** The raw answer for one number; `undefined` when DHL does not know it (HTTP 404). */
async function fetchShipments(
  asked: string,
  options: ResolvedDhlOptions,
  http: HttpClient,
): Promise<{ data: unknown } | undefined> {
  try {
    const { data } = await http.request('/track/shipments', {
      searchParams: {
        trackingNumber: asked,
        language: options.language,
        ...(options.service ? { service: options.service } : {}),
        ...(options.requesterCountryCode ? { requesterCountryCode: options.requesterCountryCode } : {}),
      },
    })
    return { data }
  } catch (e) {
    if (isWismoError(e, 'CARRIER_NOT_FOUND')) return undefined
    throw e
  }
}

/** `CARRIER_RESPONSE_INVALID` keeping the start of the body (DHL's answers carry no credentials). */
function unreadable(
  data: unknown,
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
): WismoError {
  const problems = issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
  const raw = typeof data === 'string' ? data : (JSON.stringify(data) ?? '')
  return new WismoError(
    'CARRIER_RESPONSE_INVALID',
    `dhl answered in an unexpected shape:\n- ${problems.join('\n- ')}`,
    {
      details: { problems, body: raw.slice(0, RAW_BODY_LIMIT), truncated: raw.length > RAW_BODY_LIMIT },
    },
  )
}

/** DHL's "No result found" problem body, should a proxy pass it on with HTTP 200. */
function isNotFoundProblem(data: unknown): boolean {
  const problem = DhlProblemSchema.safeParse(data)
  return problem.success && problem.data.status === 404 && !(data as { shipments?: unknown }).shipments
}
