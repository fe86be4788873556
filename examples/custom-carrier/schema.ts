/**
 * Northwind Parcel's payloads, as zod schemas: what its tracking API answers and what its webhooks
 * push. Validated at the boundary; the rest of the adapter trusts these types.
 */
import { z } from 'zod'

/** A depot or parcel shop where a checkpoint was recorded. */
export const NorthwindDepotSchema = z.object({
  name: z.string(),
  town: z.string().optional(),
  postcode: z.string().optional(),
  country: z.string().length(2).optional(),
})

/** One checkpoint: a state code, sometimes a reason code that refines it (`EXC` + `WX`). */
export const NorthwindCheckpointSchema = z.object({
  seq: z.number().int().nonnegative(),
  state: z.string().min(1),
  reason: z.string().min(1).nullable().default(null),
  note: z.string(),
  // As Northwind writes it, e.g. '2026-03-02T14:03:00+00:00'; handed to Wismo untouched.
  recorded_at: z.string(),
  depot: NorthwindDepotSchema.nullable().default(null),
})

/** One parcel with its whole history, the same shape in the API and in webhooks. */
export const NorthwindParcelSchema = z.object({
  parcel_ref: z.string().min(1), // Northwind's own id, e.g. 'npr_7Q2M8K'
  parcel_no: z.string().min(1), // the number printed on the label, e.g. 'NWP4820193744'
  service: z.enum(['NEXT_DAY', 'ECONOMY', 'PARCEL_SHOP']),
  promised_date: z.iso.date().nullable().default(null),
  checkpoints: z.array(NorthwindCheckpointSchema),
})

/** `POST /tracking/v2/lookup` → the parcels it found and the numbers it did not. */
export const NorthwindLookupSchema = z.object({
  found: z.array(NorthwindParcelSchema),
  missing: z.array(z.string()),
})

/** A webhook delivery: `parcel.updated` with the parcel's whole history. */
export const NorthwindWebhookSchema = z.object({
  event: z.literal('parcel.updated'),
  delivery_id: z.string().min(1),
  parcel: NorthwindParcelSchema,
})

export type NorthwindParcel = z.infer<typeof NorthwindParcelSchema>
export type NorthwindWebhook = z.infer<typeof NorthwindWebhookSchema>
export type NorthwindCheckpoint = z.infer<typeof NorthwindCheckpointSchema>
export type NorthwindParcelInput = z.input<typeof NorthwindParcelSchema>
