import { z } from 'zod'

/**
 * Zod schemas of the Shippo payloads this adapter reads, from Shippo's public API reference.
 * Lenient on purpose: fields Shippo may leave out or send as `null` are optional, unknown
 * fields are dropped, so a new field never breaks parsing.
 */

const text = z.string().nullish()

export const ShippoLocationSchema = z.object({
  city: text,
  state: text,
  zip: text,
  country: text,
})

export const ShippoSubstatusSchema = z.object({
  code: z.string().min(1),
  text: text,
  action_required: z.boolean().nullish(),
})

/** One status of a track (`tracking_status`, or an entry of `tracking_history`). */
export const ShippoTrackingStatusSchema = z.object({
  object_id: text,
  object_created: text,
  status: z.string().min(1),
  substatus: ShippoSubstatusSchema.nullish(),
  status_details: text,
  status_date: text,
  location: ShippoLocationSchema.nullish(),
})

export const ShippoServiceLevelSchema = z.object({ token: text, name: text })

/** A Track: `GET /tracks/{carrier}/{number}`, `POST /tracks/`, and a webhook's `data`. */
export const ShippoTrackSchema = z.object({
  carrier: z.string().min(1),
  tracking_number: z.string().min(1),
  address_from: ShippoLocationSchema.nullish(),
  address_to: ShippoLocationSchema.nullish(),
  eta: text,
  original_eta: text,
  servicelevel: ShippoServiceLevelSchema.nullish(),
  tracking_status: ShippoTrackingStatusSchema.nullish(),
  tracking_history: z.array(ShippoTrackingStatusSchema).nullish(),
  transaction: text,
  metadata: text,
})

/** A webhook delivery: `{"event":"track_updated","test":bool,"data":<Track>}` (other events carry other data). */
export const ShippoWebhookEnvelopeSchema = z.object({
  event: z.string().min(1),
  test: z.boolean().nullish(),
  data: z.unknown(),
})

/** A message Shippo attaches to a shipment or transaction (carrier refusals among them). */
export const ShippoMessageSchema = z.object({ source: text, code: text, text: text })

const amount = z.union([z.string(), z.number()]).transform((v) => Number(v))

export const ShippoRateSchema = z.object({
  object_id: z.string().min(1),
  amount,
  currency: z.string().min(1),
  provider: text,
  servicelevel: ShippoServiceLevelSchema,
  estimated_days: z.number().nullish(),
  arrives_by: text,
})

/** A shipment (`POST /shipments/`, `GET /shipments/{id}`) with its rates. */
export const ShippoShipmentSchema = z.object({
  object_id: z.string().min(1),
  status: text,
  rates: z.array(ShippoRateSchema).nullish(),
  messages: z.array(ShippoMessageSchema).nullish(),
})

/** A transaction: one label bought for one rate (one per parcel of a multi-piece shipment). */
export const ShippoTransactionSchema = z.object({
  object_id: z.string().min(1),
  object_created: text,
  // Older API versions call it `object_status`.
  status: text,
  object_status: text,
  rate: z.union([z.string(), z.object({ object_id: z.string() })]).nullish(),
  tracking_number: text,
  label_url: text,
  eta: text,
  metadata: text,
  messages: z.array(ShippoMessageSchema).nullish(),
})

export const ShippoTransactionListSchema = z.object({
  results: z.array(ShippoTransactionSchema),
  next: text,
})

export type ShippoLocation = z.infer<typeof ShippoLocationSchema>
export type ShippoTrackingStatus = z.infer<typeof ShippoTrackingStatusSchema>
export type ShippoTrack = z.infer<typeof ShippoTrackSchema>
export type ShippoMessage = z.infer<typeof ShippoMessageSchema>
export type ShippoRate = z.infer<typeof ShippoRateSchema>
export type ShippoShipment = z.infer<typeof ShippoShipmentSchema>
export type ShippoTransaction = z.infer<typeof ShippoTransactionSchema>
