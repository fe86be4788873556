import { CarrierTimeSchema } from '@wismo/core'
import { z } from './zod.ts'

/**
 * The sandbox carrier's own wire format (snake_case, like many carrier APIs). Unknown fields are
 * ignored so a newer payload still parses; known fields are checked.
 */

const text = (max: number) => z.string().max(max)

/** A scan location as the carrier sends it. */
export const SandboxLocationSchema = z.object({
  city: text(200),
  region: text(200).optional(),
  postal_code: text(40).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'expected an ISO 3166-1 alpha-2 code' }),
})

/** One scan. `id` is unique per scan and stable across webhook and poll. */
export const SandboxEventSchema = z.object({
  id: z.string().min(1).max(200),
  code: z.string().min(1).max(10),
  description: text(500),
  occurred_at: CarrierTimeSchema,
  location: SandboxLocationSchema.nullable(),
  /** The parcel this scan is about, when a label has several (its own number); absent: the whole shipment. */
  piece: z.string().min(1).max(40).optional(),
})

/** The carrier's delivery estimate: the date it promised, or the one it moved it to. */
export const SandboxEstimateSchema = z.object({
  date: z.iso.date(),
  kind: z.enum(['scheduled', 'rescheduled']),
})

/** A shipment with the scans included in one message or poll answer. */
export const SandboxShipmentSchema = z.object({
  tracking_number: z.string().min(1).max(40),
  shipment_id: z.string().min(1).max(60),
  service: text(100),
  origin: SandboxLocationSchema,
  destination: SandboxLocationSchema,
  estimated_delivery: SandboxEstimateSchema.nullable(),
  events: z.array(SandboxEventSchema).min(1).max(200),
})

/** The body of a sandbox webhook (Standard Webhooks' recommended `{ type, timestamp, data }`). */
export const SandboxWebhookSchema = z.object({
  type: z.literal('tracking.updated'),
  timestamp: z.iso.datetime(),
  data: SandboxShipmentSchema,
})

export type SandboxLocation = z.infer<typeof SandboxLocationSchema>
export type SandboxEvent = z.infer<typeof SandboxEventSchema>
export type SandboxEstimate = z.infer<typeof SandboxEstimateSchema>
export type SandboxShipmentPayload = z.infer<typeof SandboxShipmentSchema>
export type SandboxWebhookPayload = z.infer<typeof SandboxWebhookSchema>
