/**
 * zod schemas of the AfterShip Tracking API payloads this adapter reads. Lenient where a field
 * decides nothing (an odd value becomes `undefined` instead of failing the whole answer); field
 * names of older API versions (`country_iso3`, `origin_country_iso3`, `data.tracking`) are read
 * next to the current ones (`country_region`, `origin_country_region`, `data`).
 */
import { z } from 'zod'

/** Optional text: anything that is not a string reads as absent. */
const text = z.string().nullish().catch(undefined)
const num = z.number().nullish().catch(undefined)

/**
 * One scan as AfterShip normalizes it.
 * @example AftershipCheckpointSchema.parse({ checkpoint_time: '2021-01-14T00:52:00', tag: 'InTransit' })
 */
export const AftershipCheckpointSchema = z.object({
  checkpoint_time: text,
  created_at: text,
  slug: text,
  tag: text,
  subtag: text,
  subtag_message: text,
  message: text,
  location: text,
  city: text,
  state: text,
  zip: text,
  /** ISO 3166 alpha-3 (current API versions). */
  country_region: text,
  /** ISO 3166 alpha-3 (older API versions). */
  country_iso3: text,
  country_region_name: text,
  country_name: text,
  raw_tag: text,
  source: text,
})

/** `courier_estimated_delivery_date` and `aftership_estimated_delivery_date`. */
export const AftershipEddSchema = z
  .object({
    estimated_delivery_date: text,
    estimated_delivery_date_min: text,
    estimated_delivery_date_max: text,
    confidence_code: num,
    /** Older API versions: a 0..1 score instead of a code. */
    confidence_score: num,
  })
  .nullish()
  .catch(undefined)

/** `custom_estimated_delivery_date`, `first_estimated_delivery`, `latest_estimated_delivery`. */
export const AftershipEstimatedDeliverySchema = z
  .object({
    type: text,
    source: text,
    datetime: text,
    datetime_min: text,
    datetime_max: text,
  })
  .nullish()
  .catch(undefined)

/**
 * A Tracking object: answer of the Tracking API and `msg` of a webhook.
 * @example AftershipTrackingSchema.parse(body.msg).checkpoints
 */
export const AftershipTrackingSchema = z.object({
  id: text,
  legacy_id: text,
  tracking_number: z.string().min(1),
  slug: text,
  tag: text,
  subtag: text,
  subtag_message: text,
  active: z.boolean().nullish().catch(undefined),
  shipment_type: text,
  origin_country_region: text,
  origin_country_iso3: text,
  origin_state: text,
  origin_city: text,
  origin_postal_code: text,
  destination_country_region: text,
  destination_country_iso3: text,
  courier_destination_country_region: text,
  courier_destination_country_iso3: text,
  destination_state: text,
  destination_city: text,
  destination_postal_code: text,
  updated_at: text,
  checkpoints: z.array(AftershipCheckpointSchema).nullish(),
  courier_estimated_delivery_date: AftershipEddSchema,
  aftership_estimated_delivery_date: AftershipEddSchema,
  custom_estimated_delivery_date: AftershipEstimatedDeliverySchema,
  order_promised_delivery_date: text,
  first_estimated_delivery: AftershipEstimatedDeliverySchema,
  latest_estimated_delivery: AftershipEstimatedDeliverySchema,
})

/** AfterShip's envelope: `{ meta: { code, message, type }, data }`. */
export const AftershipEnvelopeSchema = z.object({
  meta: z.object({ code: z.number(), message: text, type: text }),
  data: z.unknown(),
})

/** `data` of `GET /trackings`. */
export const AftershipTrackingListSchema = z.object({
  trackings: z.array(z.unknown()).nullish(),
  pagination: z.object({ has_next_page: z.boolean().nullish(), next_cursor: text }).nullish(),
})

/**
 * A webhook body: `msg` is the Tracking object.
 * @example AftershipWebhookSchema.parse(JSON.parse(rawBody)).event_id
 */
export const AftershipWebhookSchema = z.object({
  event: z.string().nullish(),
  event_id: text,
  is_tracking_first_tag: z.boolean().nullish().catch(undefined),
  msg: AftershipTrackingSchema,
  ts: num,
})

export type AftershipCheckpoint = z.output<typeof AftershipCheckpointSchema>
export type AftershipTracking = z.output<typeof AftershipTrackingSchema>
export type AftershipEdd = NonNullable<z.output<typeof AftershipEddSchema>>
export type AftershipEstimatedDelivery = NonNullable<z.output<typeof AftershipEstimatedDeliverySchema>>
export type AftershipWebhook = z.output<typeof AftershipWebhookSchema>
