import {
  type MappedStatus,
  normalizeTrackingNumber,
  TrackingNumberSchema,
  type TrackingUpdate,
  WismoError,
} from '@wismo/core'
import { packageEstimates } from './estimates.ts'
import {
  type UpsActivity,
  type UpsAddress,
  UpsErrorEnvelopeSchema,
  type UpsPackage,
  type UpsShipment,
  UpsTrackResponseSchema,
} from './schema.ts'
import { type UpsStatusCodes, upsRawCode } from './status-map.ts'
import { scanTime } from './time.ts'

type Event = TrackingUpdate['events'][number]
type Location = NonNullable<Event['location']>
export type MapStatus = (codes: UpsStatusCodes) => MappedStatus

/** Most characters of a vendor body kept in an error's `details` for debugging. */
export const MAX_BODY_IN_ERROR = 4096

/**
 * A scan's place, without its postal code: UPS fills the postal code of a scan in some answers
 * and not in others (Track Alert leaves it blank until delivery), and the place is part of a
 * scan's dedup key, so keeping it would store one scan twice.
 */
export function scanLocation(a: UpsAddress | undefined): Location | undefined {
  const country = [a?.country, a?.countryCode].find((c) => c && /^[A-Z]{2,3}$/.test(c.trim()))?.trim()
  const loc: Location = {}
  if (a?.city?.trim()) loc.city = a.city.trim()
  if (a?.stateProvince?.trim()) loc.region = a.stateProvince.trim()
  if (country) loc.country = country
  return Object.keys(loc).length > 0 ? loc : undefined
}

/** An address of the shipment (origin, destination), with its postal code. */
function address(a: UpsAddress | undefined): Location | undefined {
  const loc = scanLocation(a)
  const postalCode = a?.postalCode?.trim()
  if (!loc && !postalCode) return undefined
  return { ...loc, ...(postalCode ? { postalCode } : {}) }
}

/** One activity as a Wismo event; `piece` names the package in a multi-piece answer. */
export function activityEvent(a: UpsActivity, map: MapStatus, piece?: string): Event {
  const occurredAt = scanTime(a)
  if (!occurredAt) throw invalid('an activity has no readable date', a)
  const mapped = map(a.status)
  const location = scanLocation(a.location?.address)
  return {
    status: mapped.status,
    subStatus: mapped.subStatus,
    rawCode: upsRawCode(a.status),
    rawText: a.status.description || a.status.simplifiedTextDescription || '',
    occurredAt,
    ...(location ? { location } : {}),
    ...(piece ? { piece } : {}),
  }
}

/** A package's own number when it is a usable tracking number (doc samples say `"string"`). */
function pieceNumber(pkg: UpsPackage): string | null {
  const n = pkg.trackingNumber ? normalizeTrackingNumber(pkg.trackingNumber) : ''
  return /\d/.test(n) && TrackingNumberSchema.safeParse(n).success ? n : null
}

/**
 * The tracking update of one inquiry number, or `null` when UPS returned no package for it
 * (warning `TW0001`, "Tracking Information Not Found"). Several packages are a multi-piece
 * shipment: each becomes a piece and its scans name it.
 */
export function toUpdate(
  number: string,
  shipments: readonly UpsShipment[],
  map: MapStatus,
): TrackingUpdate | null {
  const packages = shipments.flatMap((s) => s.package ?? [])
  if (packages.length === 0) return null
  const pieces = packages.length > 1 ? packages.map(pieceNumber) : []
  const lead = packages.find((p) => pieceNumber(p) === number) ?? packages[0]
  const events = packages.flatMap((p, i) =>
    (p.activity ?? []).map((a) => activityEvent(a, map, pieces[i] ?? undefined)),
  )
  const estimates = lead ? packageEstimates(lead) : []
  const service = lead?.service?.description?.trim()
  const origin = address(lead?.packageAddress?.find((a) => a.type === 'ORIGIN')?.address)
  const destination = address(lead?.packageAddress?.find((a) => a.type === 'DESTINATION')?.address)
  const named = pieces.filter((p): p is string => p !== null)
  return {
    carrier: 'ups',
    trackingNumber: number,
    source: 'poll',
    events,
    ...(named.length > 1 ? { pieces: [...new Set(named)] } : {}),
    ...(service ? { service } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

/** UPS error codes that mean something other than "the request was wrong". */
const ERROR_CODE_MEANING: Readonly<Record<string, 'auth' | 'not_found'>> = {
  '250002': 'auth', // Invalid Authentication Information
  '250003': 'auth', // Invalid Access License number
  UJ0001: 'auth', // Invalid token or token is not present
  TW0001: 'not_found', // Tracking Information Not Found
}

/**
 * Read a Track API answer: the shipments, or `'not_found'` when UPS says it has no data for the
 * number. Refusals in UPS's error envelope become coded errors; anything else unreadable is
 * `CARRIER_RESPONSE_INVALID` with the body (truncated) in `details.body`.
 */
export function readTrackResponse(body: unknown): UpsShipment[] | 'not_found' {
  const parsed = UpsTrackResponseSchema.safeParse(body)
  if (parsed.success) return parsed.data.trackResponse.shipment
  const envelope = UpsErrorEnvelopeSchema.safeParse(body)
  if (envelope.success) return refusal(envelope.data.response.errors)
  throw invalid('UPS answered in an unexpected shape', body, parsed.error)
}

function refusal(
  errors: readonly { code?: string | undefined; message?: string | undefined }[],
): 'not_found' {
  const meanings = errors.map((e) => ERROR_CODE_MEANING[e.code ?? ''])
  const details = { upsErrors: errors.map((e) => ({ code: e.code, message: e.message })) }
  const summary = errors.map((e) => `${e.code}: ${e.message}`).join('; ')
  if (meanings.includes('auth'))
    throw new WismoError('CARRIER_AUTH_FAILED', `UPS refused the credentials (${summary})`, { details })
  if (meanings.every((m) => m === 'not_found')) return 'not_found'
  throw new WismoError('CARRIER_REQUEST_REJECTED', `UPS rejected the request (${summary})`, { details })
}

/** `CARRIER_RESPONSE_INVALID` keeping the start of the vendor body for debugging. */
export function invalid(message: string, body: unknown, cause?: unknown): WismoError {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))
  const truncated = text.length > MAX_BODY_IN_ERROR
  return new WismoError('CARRIER_RESPONSE_INVALID', message, {
    ...(cause ? { cause } : {}),
    details: { body: truncated ? `${text.slice(0, MAX_BODY_IN_ERROR)}…` : text, truncated },
  })
}
