import { type LabelFormat, normalizeTrackingNumber, type PurchasedLabel } from '@wismo/core'
import type { ShippoRate, ShippoTransaction } from './schema.ts'
import { trackEstimates } from './time.ts'

/** A transaction's state (`status`; `object_status` in older API versions), upper case. */
export function statusOf(t: ShippoTransaction): string {
  return (t.status ?? t.object_status ?? '').toUpperCase()
}

/** The label format a label URL names by its extension, else `fallback`. */
export function formatOfUrl(url: string | null | undefined, fallback: LabelFormat): LabelFormat {
  const ext = /\.(pdf|png|zpl)(?:$|\?)/i.exec(url ?? '')?.[1]?.toUpperCase()
  return ext === 'PDF' || ext === 'PNG' || ext === 'ZPL' ? ext : fallback
}

export function byCreated(a: ShippoTransaction, b: ShippoTransaction): number {
  return (a.object_created ?? '').localeCompare(b.object_created ?? '')
}

/** Providers as Shippo names them in rates → carrier tokens for tracking. */
const PROVIDER_TOKENS: Readonly<Record<string, string>> = {
  usps: 'usps',
  ups: 'ups',
  fedex: 'fedex',
  'dhl express': 'dhl_express',
  'dhl ecommerce': 'dhl_ecommerce',
  ontrac: 'ontrac',
  'canada post': 'canada_post',
}

/** The Shippo carrier token of a rate's provider (`DHL Express` → `dhl_express`), if known. */
export function providerToken(provider: string | null | undefined): string | undefined {
  const key = (provider ?? '').toLowerCase()
  return Object.hasOwn(PROVIDER_TOKENS, key) ? PROVIDER_TOKENS[key] : undefined
}

/**
 * What was bought: the lead transaction's number first, then the other parcels' (Shippo makes
 * one transaction per parcel of a multi-piece shipment, all under the same rate).
 */
export function toPurchased(
  rate: ShippoRate,
  lead: ShippoTransaction,
  others: readonly ShippoTransaction[],
  format: LabelFormat,
): PurchasedLabel {
  const trackingNumber = normalizeTrackingNumber(lead.tracking_number ?? '')
  const rest = [...others].sort(byCreated).map((t) => normalizeTrackingNumber(t.tracking_number ?? ''))
  const pieces = [...new Set([trackingNumber, ...rest].filter(Boolean))]
  const estimates = trackEstimates(lead.eta, null)
  return {
    trackingNumber,
    ...(pieces.length > 1 ? { pieces } : {}),
    carrierShipmentId: lead.object_id,
    trackingCarrier: rate.provider ?? null,
    service: rate.servicelevel.token ?? rate.servicelevel.name ?? rate.object_id,
    rate: { amount: rate.amount, currency: rate.currency },
    label: { url: lead.label_url ?? null, format },
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}
