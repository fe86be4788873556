import {
  defineCarrier,
  type HttpClient,
  type Logger,
  type MappedStatus,
  StatusOverridesSchema,
  statusMapper,
  type TrackingUpdate,
  timestampedHmacVerifier,
  WismoError,
} from '@wismo/core'
import { z } from 'zod'
import {
  type NorthwindCheckpoint,
  NorthwindLookupSchema,
  type NorthwindParcel,
  type NorthwindWebhook,
  NorthwindWebhookSchema,
} from './schema.ts'
import { NORTHWIND_STATUS } from './status-map.ts'

/** The header Northwind signs its webhooks with: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const NORTHWIND_SIGNATURE_HEADER = 'northwind-signature'

/** Options of {@link northwindCarrier}, as a host passes them. */
export const NorthwindOptionsSchema = z
  .object({
    /** The API key from Northwind's developer portal (`nw_live_…` or `nw_test_…`). */
    apiKey: z.string().regex(/^nw_(live|test)_[A-Za-z0-9]{16,}$/, 'expected nw_live_… or nw_test_…'),
    /** Webhook signing secrets, newest first: two during a rotation. */
    webhookSecrets: z.array(z.string().min(24)).min(1),
    baseUrl: z.url().default('https://api.northwind-parcel.example'),
    /** The host's corrections to {@link NORTHWIND_STATUS}, checked first. */
    statusOverrides: StatusOverridesSchema.optional(),
  })
  .strict()

export type NorthwindCarrierOptions = z.input<typeof NorthwindOptionsSchema>

/** Seconds a signed delivery stays acceptable (Northwind retries with a fresh signature). */
const TOLERANCE_SEC = 300
/** Northwind numbers: `NWP`, nine digits, a check digit. */
const NUMBER = /^NWP(\d{9})(\d)$/

/**
 * The check digit of a Northwind number's nine digits: weights 3 and 1 alternating, mod 10.
 * @example northwindCheckDigit('482019374') // 4, so 'NWP4820193744' is well formed
 */
export function northwindCheckDigit(digits: string): number {
  let sum = 0
  for (const [i, d] of [...digits].entries()) sum += Number(d) * (i % 2 === 0 ? 3 : 1)
  return (10 - (sum % 10)) % 10
}

/** 0..1: a well-formed number with a valid check digit is almost surely Northwind's. */
function detect(number: string): number {
  const match = NUMBER.exec(number)
  if (!match) return 0
  return northwindCheckDigit(match[1] as string) === Number(match[2]) ? 0.95 : 0.4
}

/**
 * "Northwind Parcel", a made-up regional courier: a JSON tracking API (`POST /tracking/v2/lookup`,
 * up to 20 numbers, `X-Api-Key`), checkpoint codes refined by reason codes, and webhooks pushing
 * a parcel's whole history signed with a timestamped HMAC. Numbers Northwind does not know are
 * left out of `track`'s answer.
 * @example
 * const wismo = createWismo({
 *   carriers: [northwindCarrier({ apiKey: env.NORTHWIND_API_KEY, webhookSecrets: [env.NORTHWIND_WEBHOOK_SECRET] })],
 * })
 */
export const northwindCarrier = defineCarrier({
  id: 'northwind',
  name: 'Northwind Parcel',
  options: NorthwindOptionsSchema,
  secrets: ['apiKey', 'webhookSecrets'],
  capabilities: { track: true, webhooks: true, batch: 20 },
  trackingUrl: 'https://northwind-parcel.example/track/{trackingNumber}',
  limits: { requestsPerSecond: 10 },
  http: (o) => ({ baseUrl: o.baseUrl, headers: { 'x-api-key': o.apiKey } }),
  setup: (options, { http, log }) => {
    const map = statusMapper(NORTHWIND_STATUS, {
      carrier: 'northwind',
      overrides: options.statusOverrides,
      log,
    })
    const verify = timestampedHmacVerifier({
      header: NORTHWIND_SIGNATURE_HEADER,
      toleranceSec: TOLERANCE_SEC,
    })
    return {
      detect,
      track: async (numbers) => (await lookup(http, log, numbers)).map((p) => parcelUpdate(p, 'poll', map)),
      webhook: {
        verify: (request) => verify(request, options.webhookSecrets),
        parse: (body) => [parcelUpdate(delivery(body).parcel, 'webhook', map)],
      },
    }
  },
})

/** One `POST /tracking/v2/lookup`: the parcels Northwind found (it lists the others as `missing`). */
async function lookup(http: HttpClient, log: Logger, numbers: readonly string[]): Promise<NorthwindParcel[]> {
  const { data } = await http.request('/tracking/v2/lookup', { method: 'POST', json: { parcels: numbers } })
  const parsed = NorthwindLookupSchema.safeParse(data)
  if (!parsed.success)
    throw new WismoError('CARRIER_RESPONSE_INVALID', 'Northwind answered in an unexpected shape', {
      cause: parsed.error,
    })
  log.debug({ asked: numbers.length, missing: parsed.data.missing.length }, 'northwind lookup')
  return parsed.data.found
}

/** A webhook body as a `parcel.updated` delivery, or `WEBHOOK_UNPROCESSABLE`. */
function delivery(body: unknown): NorthwindWebhook {
  const parsed = NorthwindWebhookSchema.safeParse(body)
  if (!parsed.success)
    throw new WismoError('WEBHOOK_UNPROCESSABLE', 'Not a Northwind parcel.updated delivery', {
      cause: parsed.error,
    })
  return parsed.data
}

type Mapper = (code: string, subCode?: string | null) => MappedStatus

/** One Northwind parcel as a Wismo tracking update. */
function parcelUpdate(
  parcel: NorthwindParcel,
  source: TrackingUpdate['source'],
  map: Mapper,
): TrackingUpdate {
  return {
    carrier: 'northwind',
    trackingNumber: parcel.parcel_no,
    carrierShipmentId: parcel.parcel_ref,
    source,
    service: parcel.service,
    events: parcel.checkpoints.map((c) => checkpointEvent(parcel, c, map)),
    ...(parcel.promised_date
      ? { estimates: [{ source: 'carrier_scheduled' as const, date: parcel.promised_date, confidence: 0.8 }] }
      : {}),
  }
}

function checkpointEvent(parcel: NorthwindParcel, c: NorthwindCheckpoint, map: Mapper) {
  // Only the milestone and sub-status: the mapper's `mapped` flag is no event field.
  const { status, subStatus } = map(c.state, c.reason)
  return {
    status,
    subStatus,
    rawCode: c.reason ? `${c.state}:${c.reason}` : c.state,
    rawText: c.note,
    occurredAt: c.recorded_at,
    location: c.depot
      ? { text: c.depot.name, city: c.depot.town, postalCode: c.depot.postcode, country: c.depot.country }
      : null,
    // Northwind numbers checkpoints per parcel; with the parcel's id that is unique and stable.
    providerEventId: `${parcel.parcel_ref}:${c.seq}`,
  }
}
