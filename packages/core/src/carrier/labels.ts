import { z } from 'zod'
import type { TrackingUpdate } from '../domain/schemas.ts'

/**
 * Buying labels: the contract between `wismo.createShipment` and a carrier or aggregator adapter.
 * Core validates the input, keeps a request row in the store before any call, picks the rate and
 * stores what was bought; the adapter only speaks to the vendor.
 */

const text = (max: number) => z.string().trim().min(1).max(max)

/** A full postal address, as a label needs it (`country`: ISO 3166-1 alpha-2). */
export const PostalAddressSchema = z
  .object({
    name: text(200),
    company: text(200).optional(),
    street1: text(200),
    street2: text(200).optional(),
    city: text(100),
    /** State, province or region code where the country uses one (US: `CA`). */
    region: text(100).optional(),
    postalCode: text(20).optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "US"')
      .transform((c) => c.toUpperCase()),
    phone: text(40).optional(),
    email: z.email().max(320).optional(),
  })
  .strict()

/** One parcel: weight, and its box when known (all three sides or none). */
export const ParcelSchema = z
  .object({
    weightKg: z.number().positive().max(1_000),
    lengthCm: z.number().positive().max(1_000).optional(),
    widthCm: z.number().positive().max(1_000).optional(),
    heightCm: z.number().positive().max(1_000).optional(),
  })
  .strict()
  .refine(
    (p) =>
      [p.lengthCm, p.widthCm, p.heightCm].every((s) => s === undefined) ||
      [p.lengthCm, p.widthCm, p.heightCm].every((s) => s !== undefined),
    { message: 'give lengthCm, widthCm and heightCm together, or none of them' },
  )

export const LabelFormatSchema = z.enum(['PDF', 'PNG', 'ZPL'])

/** What an adapter gets to quote: the validated addresses and parcels. */
export interface LabelQuoteInput {
  from: PostalAddress
  to: PostalAddress
  parcels: Parcel[]
  labelFormat: LabelFormat
  /** The host's reference (printed on the label where the carrier allows). */
  reference?: string
}

/** One price for one service, as the vendor quoted it. */
export interface LabelRate {
  /** The vendor's id of this rate (what `buy` needs). */
  id: string
  /** The service token the host names in `createShipment({ service })`, e.g. `'Priority'`. */
  service: string
  /** The carrier that moves the parcel, for aggregators (e.g. `'USPS'`). */
  carrier?: string | null
  amount: number
  currency: string
  /** Transit days the vendor states, when it does. */
  deliveryDays?: number | null
  /** Delivery date the vendor states (local date or instant), when it does. */
  deliveryDate?: string | null
}

/** The vendor's shipment before anything is bought. */
export interface LabelQuote {
  /** The vendor's id for this shipment; `buy` and `recover` find it again by this. */
  ref: string
  rates: LabelRate[]
}

/** What one purchase gives: the tracking number(s) and the label. */
export interface PurchasedLabel {
  trackingNumber: string
  /** One tracking number per parcel, for a multi-parcel shipment (the first is `trackingNumber`). */
  pieces?: string[]
  /** The vendor's id to track it by (EasyPost tracker id, Shippo transaction id…). */
  carrierShipmentId?: string | null
  /** The carrier that moves the parcel, for aggregators (e.g. `'USPS'`). */
  trackingCarrier?: string | null
  service: string
  rate?: { amount: number; currency: string } | null
  /** Where to fetch the label, or its bytes in base64 (at least one). */
  label: { url?: string | null; data?: string | null; format: LabelFormat }
  /** Delivery estimates the vendor gives at purchase, as a tracking update carries them. */
  estimates?: TrackingUpdate['estimates']
}

/** Context of one `createShipment` call. */
export interface LabelCallContext {
  /**
   * Stable for one order and its parcels across retries and processes: pass it to the vendor's
   * idempotency mechanism where there is one (an `Idempotency-Key` header, a reference field).
   */
  requestKey: string
  /** The label format asked for (also in the quote input), for `buy` and `recover`; core always sets it. */
  labelFormat?: LabelFormat
}

/**
 * What an adapter implements to buy labels. `quote` spends nothing; `buy` spends money and must
 * not buy twice for one quote where the vendor allows (buying a bought shipment again is refused
 * by EasyPost, for instance); `recover` answers, after a crash, whether a quote was bought.
 */
export interface LabelPurchasing {
  quote(input: LabelQuoteInput, context: LabelCallContext): Promise<LabelQuote>
  buy(quote: LabelQuote, rate: LabelRate, context: LabelCallContext): Promise<PurchasedLabel>
  /** The label bought for this quote's `ref`, or `null` when none was bought. */
  recover(ref: string, context: LabelCallContext): Promise<PurchasedLabel | null>
}

export type PostalAddress = z.output<typeof PostalAddressSchema>
export type PostalAddressInput = z.input<typeof PostalAddressSchema>
export type Parcel = z.output<typeof ParcelSchema>
export type LabelFormat = z.output<typeof LabelFormatSchema>
