/**
 * EasyPost payloads as zod schemas, from the public API reference. Lenient where a field decides
 * nothing (unknown keys are dropped, most fields may be null), strict where Wismo relies on it.
 */
import { z } from 'zod'

const text = z.string().nullish()

/** `TrackingLocation`: where a scan happened. */
export const EasypostLocationSchema = z.object({
  city: text,
  state: text,
  zip: text,
  country: text,
})

/** `TrackingDetail`: one scan of a tracker. */
export const EasypostTrackingDetailSchema = z.object({
  /** Not in EasyPost's documented shape; kept when a payload has one. */
  id: text,
  message: text,
  description: text,
  status: z.string().min(1),
  status_detail: text,
  datetime: z.string().min(1),
  source: text,
  carrier_code: text,
  tracking_location: EasypostLocationSchema.nullish(),
})

/** `CarrierDetail`: what the underlying carrier says beyond the scans. */
export const EasypostCarrierDetailSchema = z.object({
  service: text,
  est_delivery_date_local: text,
  est_delivery_time_local: text,
  guaranteed_delivery_date: text,
  origin_tracking_location: EasypostLocationSchema.nullish(),
  destination_tracking_location: EasypostLocationSchema.nullish(),
})

/**
 * `Tracker`: one tracking code followed at one carrier.
 * @example EasypostTrackerSchema.parse(body).tracking_details.length
 */
export const EasypostTrackerSchema = z.object({
  /** `trk_…`; absent in some marketing samples. */
  id: text,
  object: z.literal('Tracker').nullish(),
  tracking_code: z.string().min(1),
  status: z.string().min(1),
  status_detail: text,
  carrier: text,
  est_delivery_date: text,
  created_at: text,
  updated_at: text,
  shipment_id: text,
  public_url: text,
  tracking_details: z.array(EasypostTrackingDetailSchema).default([]),
  carrier_detail: EasypostCarrierDetailSchema.nullish(),
})

/**
 * A webhook `Event` envelope; `result` is the object the event is about.
 * @example EasypostEventSchema.parse(body).description // 'tracker.updated'
 */
export const EasypostEventSchema = z.object({
  object: z.literal('Event'),
  id: z.string().min(1),
  description: z.string().min(1),
  mode: text,
  result: z.unknown().optional(),
})

/** One `Rate` of a shipment; `rate` is a decimal string. */
export const EasypostRateSchema = z.object({
  id: z.string().min(1),
  service: z.string().min(1),
  carrier: text,
  rate: z.union([z.string(), z.number()]),
  currency: z.string().min(1),
  delivery_days: z.number().nullish(),
  delivery_date: text,
  est_delivery_days: z.number().nullish(),
})

export const EasypostPostageLabelSchema = z.object({
  label_url: text,
  label_pdf_url: text,
  label_zpl_url: text,
  label_file_type: text,
})

/** `Shipment`: addresses, parcel, rates; after buying, the label and its tracker. */
export const EasypostShipmentSchema = z.object({
  id: z.string().min(1),
  object: z.literal('Shipment').nullish(),
  tracking_code: text,
  rates: z.array(EasypostRateSchema).nullish(),
  selected_rate: EasypostRateSchema.nullish(),
  postage_label: EasypostPostageLabelSchema.nullish(),
  tracker: EasypostTrackerSchema.partial({ tracking_code: true, status: true }).nullish(),
  messages: z.array(z.object({ carrier: text, message: text, type: text })).nullish(),
})

/** `Order`: several shipments bought together (a multi-parcel shipment). */
export const EasypostOrderSchema = z.object({
  id: z.string().min(1),
  object: z.literal('Order').nullish(),
  rates: z.array(EasypostRateSchema).nullish(),
  shipments: z.array(EasypostShipmentSchema),
  messages: z.array(z.object({ carrier: text, message: text, type: text })).nullish(),
})

/** A `FieldError`; EasyPost sometimes sends plain strings instead. */
const FieldErrorSchema = z.union([
  z.object({ field: text, message: text, suggestion: text, code: text }),
  z.string(),
])

/** EasyPost's error body: `{ error: { code, message, errors[] } }`. */
export const EasypostErrorSchema = z.object({
  error: z.object({
    code: text,
    message: text,
    errors: z.array(FieldErrorSchema).nullish(),
  }),
})

/** Types of the schemas above, as parsed. */
export type EasypostLocation = z.output<typeof EasypostLocationSchema>
export type EasypostTrackingDetail = z.output<typeof EasypostTrackingDetailSchema>
export type EasypostCarrierDetail = z.output<typeof EasypostCarrierDetailSchema>
export type EasypostTracker = z.output<typeof EasypostTrackerSchema>
export type EasypostEvent = z.output<typeof EasypostEventSchema>
export type EasypostRate = z.output<typeof EasypostRateSchema>
export type EasypostShipment = z.output<typeof EasypostShipmentSchema>
export type EasypostOrder = z.output<typeof EasypostOrderSchema>
export type EasypostError = z.output<typeof EasypostErrorSchema>
