import {
  type LabelFormat,
  type LabelQuoteInput,
  type LabelRate,
  type PostalAddress,
  parseCarrierTime,
  WismoError,
} from '@wismo/core'
import type { ShippoRate } from './schema.ts'

/**
 * Wismo label formats → Shippo `label_file_type`.
 * @example LABEL_FILE_TYPES.ZPL // 'ZPLII'
 */
export const LABEL_FILE_TYPES: Readonly<Record<LabelFormat, string>> = {
  PDF: 'PDF',
  PNG: 'PNG',
  ZPL: 'ZPLII',
}

/** Shippo caps `metadata` at 100 characters. */
export const METADATA_MAX = 100

/** A Wismo address as Shippo's (`region` → `state`, `postalCode` → `zip`). */
function shippoAddress(a: PostalAddress) {
  return {
    name: a.name,
    ...(a.company ? { company: a.company } : {}),
    street1: a.street1,
    ...(a.street2 ? { street2: a.street2 } : {}),
    city: a.city,
    ...(a.region ? { state: a.region } : {}),
    ...(a.postalCode ? { zip: a.postalCode } : {}),
    country: a.country,
    ...(a.phone ? { phone: a.phone } : {}),
    ...(a.email ? { email: a.email } : {}),
  }
}

/** Shippo parcels need all three sides: a parcel without its box is refused before any call. */
function shippoParcels(input: LabelQuoteInput) {
  return input.parcels.map((p, i) => {
    if (p.lengthCm === undefined || p.widthCm === undefined || p.heightCm === undefined)
      throw new WismoError('INPUT_INVALID', 'Shippo needs every parcel’s lengthCm, widthCm and heightCm', {
        details: { field: `parcels.${i}` },
      })
    return {
      length: String(p.lengthCm),
      width: String(p.widthCm),
      height: String(p.heightCm),
      distance_unit: 'cm',
      weight: String(p.weightKg),
      mass_unit: 'kg',
    }
  })
}

/**
 * The body of `POST /shipments/`: both addresses, kg / cm parcels, rates answered at once.
 * @example shipmentBody(input, 'order-1001:1').async // false
 */
export function shipmentBody(input: LabelQuoteInput, requestKey: string) {
  return {
    address_from: shippoAddress(input.from),
    address_to: shippoAddress(input.to),
    parcels: shippoParcels(input),
    async: false,
    metadata: (input.reference ?? requestKey).slice(0, METADATA_MAX),
  }
}

/**
 * A Shippo rate as Wismo's. `arrives_by` is a delivery date only when Shippo gives a date (it is
 * often a time of day, `"23:00:00"`).
 * @example labelRate(rate).service // 'usps_priority'
 */
export function labelRate(r: ShippoRate): LabelRate {
  const arrives = r.arrives_by?.trim()
  return {
    id: r.object_id,
    service: r.servicelevel.token ?? r.servicelevel.name ?? r.object_id,
    carrier: r.provider ?? null,
    amount: r.amount,
    currency: r.currency,
    deliveryDays: r.estimated_days ?? null,
    deliveryDate: arrives && parseCarrierTime(arrives) ? arrives : null,
  }
}

/** The Shippo rate behind a Wismo rate (what a purchase reads back). */
export function shippoRateOf(rate: LabelRate): ShippoRate {
  return {
    object_id: rate.id,
    amount: rate.amount,
    currency: rate.currency,
    provider: rate.carrier ?? null,
    servicelevel: { token: rate.service, name: null },
  }
}
