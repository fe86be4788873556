import {
  type LabelFormat,
  type LabelRate,
  normalizeTrackingNumber,
  type Parcel,
  type PostalAddress,
  type PurchasedLabel,
} from '@wismo/core'
import type { EasypostOrder, EasypostRate, EasypostShipment } from './schema.ts'
import { asDate, EASYPOST_ESTIMATE_CONFIDENCE, invalid, trackerEstimates } from './tracker.ts'

/** Wismo's label shapes ↔ EasyPost's: units, addresses, rates, purchases. */

/** Ounces in a kilogram, centimetres in an inch: EasyPost takes parcels in oz and in. */
const OZ_PER_KG = 35.27396195
const CM_PER_INCH = 2.54

/** Up to the next tenth: a parcel is never declared lighter or smaller than it is. */
const tenthUp = (n: number) => Math.ceil(n * 10 - 1e-9) / 10

/**
 * A Wismo parcel in EasyPost's units: weight in ounces, sides in inches (tenths, rounded up).
 * @example easypostParcel({ weightKg: 1 }) // { weight: 35.3 }
 */
export function easypostParcel(p: Parcel): Record<string, number> {
  return {
    weight: tenthUp(p.weightKg * OZ_PER_KG),
    ...(p.lengthCm !== undefined ? { length: tenthUp(p.lengthCm / CM_PER_INCH) } : {}),
    ...(p.widthCm !== undefined ? { width: tenthUp(p.widthCm / CM_PER_INCH) } : {}),
    ...(p.heightCm !== undefined ? { height: tenthUp(p.heightCm / CM_PER_INCH) } : {}),
  }
}

/**
 * A Wismo address as an EasyPost `Address` (`region` → `state`, `postalCode` → `zip`).
 * @example easypostAddress(PostalAddressSchema.parse({ name: 'A', street1: '1 Main St', city: 'Austin', region: 'TX', country: 'US' })).state // 'TX'
 */
export function easypostAddress(a: PostalAddress): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    name: a.name,
    company: a.company,
    street1: a.street1,
    street2: a.street2,
    city: a.city,
    state: a.region,
    zip: a.postalCode,
    country: a.country,
    phone: a.phone,
    email: a.email,
  }
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined))
}

/**
 * One EasyPost rate as a Wismo rate; the amount is a decimal string at EasyPost.
 * @example labelRate({ id: 'rate_1', service: 'Priority', carrier: 'USPS', rate: '9.87', currency: 'USD' }).amount // 9.87
 */
export function labelRate(r: EasypostRate): LabelRate {
  const amount = Number(r.rate)
  if (!Number.isFinite(amount)) throw invalid('EasyPost quoted a rate that is not a number', r)
  return {
    id: r.id,
    service: r.service,
    carrier: r.carrier ?? null,
    amount,
    currency: r.currency,
    deliveryDays: r.delivery_days ?? r.est_delivery_days ?? null,
    deliveryDate: asDate(r.delivery_date),
  }
}

/**
 * A bought shipment as a purchased label, or `null` while nothing is bought.
 * @example purchased(EasypostShipmentSchema.parse(await (await fetch(url)).json()))?.trackingNumber
 */
export function purchased(s: EasypostShipment): PurchasedLabel | null {
  const code = s.tracking_code?.trim()
  const file = labelFile(s)
  if (!code || !file) return null
  const rate = s.selected_rate
  const fromTracker = s.tracker ? trackerEstimates(s.tracker) : []
  const rateDate = asDate(rate?.delivery_date)
  const estimates =
    fromTracker.length > 0 || !rateDate
      ? fromTracker
      : [
          {
            source: 'carrier_scheduled' as const,
            date: rateDate,
            confidence: EASYPOST_ESTIMATE_CONFIDENCE.carrier_scheduled,
          },
        ]
  return {
    trackingNumber: normalizeTrackingNumber(code),
    carrierShipmentId: s.tracker?.id ?? null,
    trackingCarrier: rate?.carrier ?? s.tracker?.carrier ?? null,
    service: rate?.service ?? '',
    rate: rate ? { amount: labelRate(rate).amount, currency: rate.currency } : null,
    label: file,
    ...(estimates.length > 0 ? { estimates } : {}),
  }
}

/**
 * A bought order: the first parcel's label and number, every parcel's number as `pieces`.
 * @example purchasedOrder(order)?.pieces // ['9400…01', '9400…02']
 */
export function purchasedOrder(o: EasypostOrder): PurchasedLabel | null {
  const labels = o.shipments.map(purchased)
  const [first] = labels
  if (!first || labels.some((l) => l === null)) return null
  const pieces = labels.flatMap((l) => (l ? [l.trackingNumber] : []))
  const amount = labels.reduce((sum, l) => sum + (l?.rate?.amount ?? 0), 0)
  return {
    ...first,
    pieces,
    ...(first.rate
      ? { rate: { amount: Math.round(amount * 100) / 100, currency: first.rate.currency } }
      : {}),
  }
}

const FILE_TYPES: Readonly<Record<string, LabelFormat>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'application/zpl': 'ZPL',
}

/** The label's URL and format: the file EasyPost made in the format asked for. */
function labelFile(s: EasypostShipment): PurchasedLabel['label'] | null {
  const l = s.postage_label
  if (!l) return null
  const byType = FILE_TYPES[l.label_file_type?.toLowerCase() ?? '']
  const url = l.label_url ?? l.label_pdf_url ?? l.label_zpl_url
  if (!url) return null
  const byExtension = /\.(pdf|png|zpl)(?:\?|$)/i.exec(url)?.[1]?.toUpperCase() as LabelFormat | undefined
  return { url, format: byType ?? byExtension ?? 'PNG' }
}
