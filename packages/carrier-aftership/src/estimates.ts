import type { EtaSource, TrackingUpdate } from '@wismo/core'
import type { AftershipEdd, AftershipEstimatedDelivery, AftershipTracking } from './schema.ts'
import { carrierTime } from './time.ts'

type Estimate = NonNullable<TrackingUpdate['estimates']>[number]

/**
 * How sure each kind of AfterShip EDD is (data: the kind, and our confidence in it).
 * @example AFTERSHIP_ESTIMATE_KINDS.courier // { source: 'carrier_scheduled', confidence: 0.75 }
 */
export const AFTERSHIP_ESTIMATE_KINDS = {
  /** `courier_estimated_delivery_date`: the carrier's own date (and window). */
  courier: { source: 'carrier_scheduled', confidence: 0.75 },
  /** `aftership_estimated_delivery_date` without a confidence code. */
  aftership: { source: 'model', confidence: 0.6 },
  /** `custom_estimated_delivery_date`: the merchant's own EDD rules in AfterShip. */
  custom: { source: 'host_promised', confidence: 0.45 },
  /** `order_promised_delivery_date`: the date the shop promised at checkout. */
  promised: { source: 'host_promised', confidence: 0.5 },
} as const satisfies Record<string, { source: EtaSource; confidence: number }>

/**
 * AfterShip's AI EDD `confidence_code` → confidence (AfterShip "Confidence Codes": 10000
 * highest, 10001 high, 20001 high for the range / medium for the single date, 3000x medium for a
 * stated reason). Codes not listed get the `aftership` default.
 * @example AFTERSHIP_CONFIDENCE_CODES[10001] // 0.8
 */
export const AFTERSHIP_CONFIDENCE_CODES: Readonly<Record<number, number>> = {
  10000: 0.85,
  10001: 0.8,
  20001: 0.7,
  30001: 0.55,
  30002: 0.55,
  30003: 0.55,
  30004: 0.55,
}

/**
 * Every EDD of a tracking as typed estimates (date-only values stay dates):
 * - `courier_estimated_delivery_date` → `carrier_scheduled`, its min/max as `earliest`/`latest`;
 * - `aftership_estimated_delivery_date` → `model`, confidence from `confidence_code`;
 * - `custom_estimated_delivery_date` and `order_promised_delivery_date` → `host_promised`;
 * - `latest_estimated_delivery` → by its `source` (carrier, AfterShip AI, custom), and
 *   `carrier_rescheduled` when a carrier date differs from `first_estimated_delivery`'s.
 * `first_estimated_delivery` itself is superseded and only used to tell a reschedule. Exact
 * duplicates (same source and dates) are dropped.
 * @example trackingEstimates({ tracking_number: '1', order_promised_delivery_date: '2026-05-02' }) // [{ source: 'host_promised', date: '2026-05-02', confidence: 0.5 }]
 */
export function trackingEstimates(t: AftershipTracking): Estimate[] {
  const out = [
    eddEstimate(t.courier_estimated_delivery_date, AFTERSHIP_ESTIMATE_KINDS.courier),
    eddEstimate(t.aftership_estimated_delivery_date, AFTERSHIP_ESTIMATE_KINDS.aftership),
    deliveryEstimate(t.custom_estimated_delivery_date, AFTERSHIP_ESTIMATE_KINDS.custom),
    promisedEstimate(t.order_promised_delivery_date),
    latestEstimate(t.latest_estimated_delivery, t.first_estimated_delivery),
  ].filter((e): e is Estimate => e !== null)
  return unique(out)
}

function eddEstimate(
  edd: AftershipEdd | null | undefined,
  kind: { source: EtaSource; confidence: number },
): Estimate | null {
  if (!edd) return null
  const confidence = kind.source === 'model' ? modelConfidence(edd, kind.confidence) : kind.confidence
  return estimate(kind.source, confidence, {
    date: edd.estimated_delivery_date,
    earliest: edd.estimated_delivery_date_min,
    latest: edd.estimated_delivery_date_max,
  })
}

/** The AI EDD's confidence: from `confidence_code`, else an older version's 0..1 `confidence_score`. */
function modelConfidence(edd: AftershipEdd, fallback: number): number {
  const byCode =
    typeof edd.confidence_code === 'number' ? AFTERSHIP_CONFIDENCE_CODES[edd.confidence_code] : undefined
  const score = edd.confidence_score
  if (byCode !== undefined) return byCode
  return typeof score === 'number' && score >= 0 && score <= 1 ? score : fallback
}

function deliveryEstimate(
  d: AftershipEstimatedDelivery | null | undefined,
  kind: { source: EtaSource; confidence: number },
): Estimate | null {
  if (!d) return null
  return estimate(kind.source, kind.confidence, {
    date: d.datetime,
    earliest: d.datetime_min,
    latest: d.datetime_max,
  })
}

function promisedEstimate(value: string | null | undefined): Estimate | null {
  const { source, confidence } = AFTERSHIP_ESTIMATE_KINDS.promised
  return estimate(source, confidence, { date: value })
}

/** `source` of first/latest_estimated_delivery: "Carrier EDD", "AfterShip EDD", "Custom EDD". */
function kindOfSource(source: string | null | undefined) {
  const s = (source ?? '').toLowerCase()
  if (s.includes('carrier') || s.includes('courier')) return AFTERSHIP_ESTIMATE_KINDS.courier
  if (s.includes('aftership') || /\bai\b/.test(s)) return AFTERSHIP_ESTIMATE_KINDS.aftership
  if (s.includes('custom')) return AFTERSHIP_ESTIMATE_KINDS.custom
  return null
}

function latestEstimate(
  latest: AftershipEstimatedDelivery | null | undefined,
  first: AftershipEstimatedDelivery | null | undefined,
): Estimate | null {
  const kind = kindOfSource(latest?.source)
  if (!latest || !kind) return null
  const moved =
    kind === AFTERSHIP_ESTIMATE_KINDS.courier &&
    kindOfSource(first?.source) === kind &&
    (first?.datetime ?? null) !== (latest.datetime ?? null)
  return deliveryEstimate(latest, moved ? { source: 'carrier_rescheduled', confidence: 0.8 } : kind)
}

/**
 * One estimate from AfterShip's date fields, or `null` when none is readable. Without a single
 * date the window's end stands in (the later, safer promise), else its start.
 */
function estimate(
  source: EtaSource,
  confidence: number,
  raw: { date: string | null | undefined; earliest?: string | null; latest?: string | null },
): Estimate | null {
  const earliest = carrierTime(raw.earliest)
  const latest = carrierTime(raw.latest)
  const date = carrierTime(raw.date) ?? latest ?? earliest
  if (!date) return null
  return {
    source,
    date,
    ...(earliest ? { earliest } : {}),
    ...(latest ? { latest } : {}),
    confidence,
  }
}

function unique(list: Estimate[]): Estimate[] {
  const seen = new Set<string>()
  return list.filter((e) => {
    const key = [e.source, e.date, e.earliest ?? '', e.latest ?? ''].join('|')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
