import { type MappedStatus, parseCarrierTime, type Status, type TrackingUpdate } from '@wismo/core'
import { estimatesOf } from './estimates.ts'
import type { FedexAddress, FedexScanEvent, FedexTrackResult } from './schema.ts'
import { FEDEX_DERIVED_FALLBACK } from './status-map.ts'

type TrackingEvent = TrackingUpdate['events'][number]

/** Longest raw text Wismo keeps per event; FedEx's texts are far shorter. */
const MAX_TEXT = 2000
type Location = NonNullable<TrackingEvent['location']>

/**
 * Maps a code (and refining sub-code) to a milestone; see `statusMapper` in `@wismo/core`.
 * @example const map: MapStatus = statusMapper(FEDEX_STATUS, { carrier: 'fedex' })
 */
export type MapStatus = (code: string, subCode?: string | null, fallback?: Status) => MappedStatus

/**
 * What {@link toUpdate} needs besides the result.
 * @example const ctx: ToUpdateContext = { carrier: 'fedex', source: 'poll', map }
 */
export interface ToUpdateContext {
  carrier: string
  source: TrackingUpdate['source']
  map: MapStatus
  /** Told about each scan dropped because its time is not a date-time. */
  onBadScan?: (scan: FedexScanEvent) => void
}

/**
 * One FedEx track result as a Wismo update for `trackingNumber` (the number asked for). FedEx's
 * `trackingNumberUniqueId` becomes `carrierShipmentId`, which tells apart parcels that reuse a
 * number.
 * @example toUpdate('776094337676', result, { carrier: 'fedex', source: 'poll', map }).carrierShipmentId // '2460425000~776094337676~FX'
 */
export function toUpdate(
  trackingNumber: string,
  result: FedexTrackResult,
  ctx: ToUpdateContext,
): TrackingUpdate {
  const uniqueId = result.trackingNumberInfo?.trackingNumberUniqueId?.trim()
  const service = result.serviceDetail?.description || result.serviceDetail?.type
  const origin = placeOf(
    result.originLocation?.locationContactAndAddress?.address ?? result.shipperInformation?.address,
  )
  const destination = placeOf(
    result.destinationLocation?.locationContactAndAddress?.address ??
      result.lastUpdatedDestinationAddress ??
      result.recipientInformation?.address,
  )
  const estimates = estimatesOf(result)
  return {
    carrier: ctx.carrier,
    trackingNumber,
    ...(uniqueId ? { carrierShipmentId: uniqueId } : {}),
    source: ctx.source,
    ...(service ? { service } : {}),
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    events: eventsOf(result, ctx),
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

function eventsOf(result: FedexTrackResult, ctx: ToUpdateContext): TrackingEvent[] {
  const scans = result.scanEvents ?? []
  if (scans.length === 0) return latestEvent(result, ctx.map)
  return scans.flatMap((scan) => {
    if (!parseCarrierTime(scan.date)) {
      ctx.onBadScan?.(scan)
      return []
    }
    return [toEvent(scan, ctx.map)]
  })
}

/** Which dated fact of `dateAndTimes` says when the latest status happened. */
const LATEST_DATE_TYPE: Readonly<Record<string, string>> = {
  DL: 'ACTUAL_DELIVERY',
  PU: 'ACTUAL_PICKUP',
  OC: 'SHIPMENT_DATA_RECEIVED',
}

/**
 * Without scans (FedEx sends none for some accounts and services), the latest status becomes
 * one event when FedEx dates it: delivered, picked up or label created. Otherwise there is no
 * time to give it, and no event is invented.
 */
function latestEvent(result: FedexTrackResult, map: MapStatus): TrackingEvent[] {
  const latest = result.latestStatusDetail
  const code = latest?.code?.trim()
  const dateType = LATEST_DATE_TYPE[code ?? '']
  const at = result.dateAndTimes?.find((d) => d.type === dateType)?.dateTime
  if (!latest || !code || !at || !parseCarrierTime(at)) return []
  const description = latest.description ?? latest.statusByLocale
  return [
    toEvent(
      {
        date: at,
        eventType: code,
        ...(description ? { eventDescription: description } : {}),
        ...(latest.scanLocation ? { scanLocation: latest.scanLocation } : {}),
        ...(latest.delayDetail ? { delayDetail: latest.delayDetail } : {}),
      },
      map,
    ),
  ]
}

/**
 * One scan. The raw code is `eventType`, or `eventType:exceptionCode` when FedEx gives one.
 * @example toEvent({ date: '2024-04-25T11:26:00-07:00', eventType: 'DE', exceptionCode: '08' }, map).rawCode // 'DE:08'
 */
export function toEvent(scan: FedexScanEvent, map: MapStatus): TrackingEvent {
  const exception = scan.exceptionCode?.trim() || undefined
  const subCode = exception ?? (scan.delayDetail?.type?.trim() || undefined)
  const fallback = FEDEX_DERIVED_FALLBACK[scan.derivedStatusCode ?? ''] ?? 'in_transit'
  const { status, subStatus } = map(scan.eventType, subCode, fallback)
  const description = scan.eventDescription?.trim() ?? ''
  const detail = scan.exceptionDescription?.trim()
  const location = placeOf(scan.scanLocation)
  return {
    status,
    subStatus,
    rawCode: exception ? `${scan.eventType}:${exception}` : scan.eventType,
    rawText: (detail && detail !== description ? `${description}: ${detail}` : description).slice(
      0,
      MAX_TEXT,
    ),
    occurredAt: scan.date,
    ...(location ? { location } : {}),
  }
}

/**
 * City, region, postal code and country of a FedEx address; never street lines or names.
 * @example placeOf({ city: 'CLOVIS', stateOrProvinceCode: 'CA', streetLines: ['1 Main St'] }) // { city: 'CLOVIS', region: 'CA' }
 */
export function placeOf(address: FedexAddress | undefined): Location | undefined {
  if (!address) return undefined
  const place: Location = {}
  const set = (key: keyof Location, value: string | undefined, max: number) => {
    const v = value?.trim()
    if (v && v.length <= max) place[key] = v
  }
  set('city', address.city, 500)
  set('region', address.stateOrProvinceCode, 500)
  set('postalCode', address.postalCode, 40)
  set('country', address.countryCode, 3)
  return Object.keys(place).length > 0 ? place : undefined
}
