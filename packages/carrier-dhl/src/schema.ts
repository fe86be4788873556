import { z } from 'zod'
import { dhlTime } from './time.ts'

/**
 * zod schemas of the Unified Shipment Tracking API's answer (`GET /track/shipments`), limited to
 * the fields the adapter reads. Unknown fields are ignored, so DHL adding fields breaks nothing;
 * a field we read with the wrong type is `CARRIER_RESPONSE_INVALID`.
 */

const text = z.string().trim()

/**
 * A DHL timestamp (ISO 8601, with `Z`, an offset, or none), rewritten as a Wismo carrier time.
 * @example DhlTimeSchema.parse('2026-03-03T09:41:00+0100') // '2026-03-03T09:41:00+01:00'
 */
export const DhlTimeSchema = z.string().transform((value, ctx) => {
  const time = dhlTime(value)
  if (time === null) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date or date-time' })
    return z.NEVER
  }
  return time
})

export const DhlAddressSchema = z.object({
  countryCode: text.optional(),
  postalCode: text.optional(),
  addressLocality: text.optional(),
  addressRegion: text.optional(),
})

export const DhlPlaceSchema = z.object({
  address: DhlAddressSchema.optional(),
  servicePoint: z.object({ label: text.optional() }).optional(),
})

/**
 * `status` of a shipment and each of its `events` (an event may name the pieces it is about).
 * @example DhlEventSchema.parse({ timestamp: '2026-03-04T10:12:00', statusCode: 'delivered' })
 */
export const DhlEventSchema = z.object({
  timestamp: DhlTimeSchema,
  location: DhlPlaceSchema.optional(),
  statusCode: text.min(1),
  status: text.optional(),
  statusDetailed: text.optional(),
  description: text.optional(),
  remark: text.optional(),
  pieceIds: z.array(z.string()).optional(),
})

/**
 * One shipment of the answer.
 * @example DhlShipmentSchema.parse({ id: 7777777770, events: [] }).id // '7777777770'
 */
export const DhlShipmentSchema = z.object({
  // A string in DHL's spec; some published samples give a JSON number.
  id: z.union([z.string(), z.number()]).transform(String),
  service: text.optional(),
  origin: DhlPlaceSchema.optional(),
  destination: DhlPlaceSchema.optional(),
  status: DhlEventSchema.optional(),
  estimatedTimeOfDelivery: DhlTimeSchema.optional(),
  estimatedDeliveryTimeFrame: z
    .object({ estimatedFrom: DhlTimeSchema.optional(), estimatedThrough: DhlTimeSchema.optional() })
    .optional(),
  estimatedTimeOfDeliveryRemark: text.optional(),
  details: z
    .object({
      product: z.object({ productName: text.optional() }).optional(),
      proofOfDelivery: z.object({ timestamp: DhlTimeSchema.optional() }).optional(),
      totalNumberOfPieces: z.number().optional(),
      pieceIds: z.array(z.string()).optional(),
    })
    .optional(),
  events: z.array(DhlEventSchema).default([]),
})

/**
 * The whole answer of `GET /track/shipments`.
 * @example DhlTrackResponseSchema.parse(await response.json()).shipments
 */
export const DhlTrackResponseSchema = z.object({
  shipments: z.array(DhlShipmentSchema),
  possibleAdditionalShipmentsUrl: z.array(z.string()).optional(),
})

/**
 * RFC 7807 problem body DHL answers errors with (`{ title, detail, status, instance }`).
 * @example DhlProblemSchema.parse({ title: 'No result found', status: 404 }).status // 404
 */
export const DhlProblemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.number(),
})

export type DhlEvent = z.output<typeof DhlEventSchema>
export type DhlPlace = z.output<typeof DhlPlaceSchema>
export type DhlShipment = z.output<typeof DhlShipmentSchema>
export type DhlTrackResponse = z.output<typeof DhlTrackResponseSchema>
