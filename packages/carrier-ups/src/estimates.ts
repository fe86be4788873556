import type { TrackingUpdate } from '@wismo/core'
import type { UpsPackage, UpsTrackAlert } from './schema.ts'
import { upsDate, upsTime } from './time.ts'

type Estimate = NonNullable<TrackingUpdate['estimates']>[number]

/** How sure each kind of UPS date is (data: the carrier's own words, our confidence). */
export const UPS_ESTIMATE_KINDS = {
  /** Scheduled Delivery Date. */
  SDD: { source: 'carrier_scheduled', confidence: 0.75 },
  /** Rescheduled Delivery Date: UPS moved it, newer than SDD. */
  RDD: { source: 'carrier_rescheduled', confidence: 0.8 },
} as const

/** `deliveryTime.type` values that carry a window, and how firm it is. */
export const UPS_WINDOW_KINDS: Readonly<Record<string, number>> = {
  /** Estimated Delivery Window. */
  EDW: 0.7,
  /** Confirmed Delivery Window. */
  CDW: 0.85,
  /** Imminent Delivery Window (the driver is close). */
  IDW: 0.9,
}

/** Commit Time: the time a guaranteed service promises. */
const COMMIT = 'CMT'

/**
 * A package's delivery dates as typed estimates: SDD → `carrier_scheduled`, RDD →
 * `carrier_rescheduled`, an EDW/CDW/IDW window → `carrier_window`, a commit time →
 * `carrier_guaranteed`. `DEL` (the delivered date) is no estimate and `EOD` adds nothing to the
 * date; entries with placeholder or unreadable dates are skipped.
 * @example packageEstimates({ deliveryDate: [{ type: 'SDD', date: '20240423' }] }) // [{ source: 'carrier_scheduled', date: '2024-04-23', … }]
 */
export function packageEstimates(pkg: Pick<UpsPackage, 'deliveryDate' | 'deliveryTime'>): Estimate[] {
  const out: Estimate[] = []
  let latestDate: string | null = null
  for (const entry of pkg.deliveryDate ?? []) {
    const kind = UPS_ESTIMATE_KINDS[entry.type as keyof typeof UPS_ESTIMATE_KINDS]
    const date = upsDate(entry.date)
    if (!kind || !date) continue
    out.push({ source: kind.source, date, confidence: kind.confidence })
    if (entry.type === 'RDD' || latestDate === null) latestDate = date
  }
  const t = pkg.deliveryTime
  if (latestDate && t) out.push(...timeEstimates(latestDate, t.type, t.startTime, t.endTime))
  return out
}

function timeEstimates(date: string, type: string | undefined, start?: string, end?: string): Estimate[] {
  const from = upsTime(start)
  const until = upsTime(end)
  const windowConfidence = type ? UPS_WINDOW_KINDS[type] : undefined
  if (windowConfidence !== undefined && from && until)
    return [
      {
        source: 'carrier_window',
        date,
        earliest: `${date}T${from}`,
        latest: `${date}T${until}`,
        confidence: windowConfidence,
      },
    ]
  if (type === COMMIT && until)
    return [{ source: 'carrier_guaranteed', date, latest: `${date}T${until}`, confidence: 0.9 }]
  return []
}

/**
 * The estimates of a Track Alert callback: `scheduledDeliveryDate`, plus a window when the
 * message has a start and end time. No estimate once `actualDeliveryDate` is set.
 */
export function alertEstimates(alert: UpsTrackAlert): Estimate[] {
  const date = upsDate(alert.scheduledDeliveryDate)
  if (!date || upsDate(alert.actualDeliveryDate)) return []
  const out: Estimate[] = [
    { source: 'carrier_scheduled', date, confidence: UPS_ESTIMATE_KINDS.SDD.confidence },
  ]
  const from = upsTime(alert.deliveryStartTime)
  const until = upsTime(alert.deliveryEndTime)
  if (from && until)
    out.push({
      source: 'carrier_window',
      date,
      earliest: `${date}T${from}`,
      latest: `${date}T${until}`,
      confidence: UPS_WINDOW_KINDS.EDW ?? 0.7,
    })
  return out
}
