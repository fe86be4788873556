import { z } from 'zod'

/**
 * Zod schemas of the FedEx Track API (`POST /track/v1/trackingnumbers`) payloads, as far as the
 * adapter reads them. Objects are loose: FedEx adds fields, and the adapter only needs these.
 * Strings FedEx sometimes sends empty (`carrierCode: ""`) are accepted as they are.
 */

const text = z.string()

/**
 * An address as FedEx writes it in scan locations and shipment parties.
 * @example FedexAddressSchema.parse({ city: 'CLOVIS', countryCode: 'US' })
 */
export const FedexAddressSchema = z.looseObject({
  city: text.optional(),
  stateOrProvinceCode: text.optional(),
  postalCode: text.optional(),
  countryCode: text.optional(),
  countryName: text.optional(),
})

const DelayDetailSchema = z.looseObject({
  type: text.optional(),
  subType: text.optional(),
  status: text.optional(),
})

/**
 * One scan (`scanEvents[]`, newest first).
 * @example FedexScanEventSchema.parse({ date: '2024-04-25T08:55:00-07:00', eventType: 'OD' })
 */
export const FedexScanEventSchema = z.looseObject({
  date: text,
  eventType: text,
  eventDescription: text.optional(),
  exceptionCode: text.optional(),
  exceptionDescription: text.optional(),
  derivedStatusCode: text.optional(),
  derivedStatus: text.optional(),
  scanLocation: FedexAddressSchema.optional(),
  locationType: text.optional(),
  delayDetail: DelayDetailSchema.optional(),
})

const TimeWindowSchema = z.looseObject({
  type: text.optional(),
  window: z.looseObject({ begins: text.optional(), ends: text.optional() }).optional(),
})

const PartySchema = z.looseObject({ address: FedexAddressSchema.optional() })
const LocationSchema = z.looseObject({ locationContactAndAddress: PartySchema.optional() })

/**
 * Error of one result, e.g. `TRACKING.TRACKINGNUMBER.NOTFOUND`.
 * @example FedexErrorSchema.parse({ code: 'TRACKING.TRACKINGNUMBER.NOTFOUND' })
 */
export const FedexErrorSchema = z.looseObject({ code: text, message: text.optional() })

/**
 * One parcel's result (`completeTrackResults[].trackResults[]`).
 * @example FedexTrackResultSchema.parse(response.output.completeTrackResults[0].trackResults[0])
 */
export const FedexTrackResultSchema = z.looseObject({
  trackingNumberInfo: z
    .looseObject({
      trackingNumber: text.optional(),
      carrierCode: text.optional(),
      trackingNumberUniqueId: text.optional(),
    })
    .optional(),
  latestStatusDetail: z
    .looseObject({
      code: text.optional(),
      derivedCode: text.optional(),
      description: text.optional(),
      statusByLocale: text.optional(),
      scanLocation: FedexAddressSchema.optional(),
      delayDetail: DelayDetailSchema.optional(),
    })
    .optional(),
  scanEvents: z.array(FedexScanEventSchema).optional(),
  dateAndTimes: z.array(z.looseObject({ type: text, dateTime: text })).optional(),
  estimatedDeliveryTimeWindow: TimeWindowSchema.optional(),
  standardTransitTimeWindow: TimeWindowSchema.optional(),
  serviceDetail: z
    .looseObject({ type: text.optional(), description: text.optional(), shortDescription: text.optional() })
    .optional(),
  originLocation: LocationSchema.optional(),
  destinationLocation: LocationSchema.optional(),
  shipperInformation: PartySchema.optional(),
  recipientInformation: PartySchema.optional(),
  lastUpdatedDestinationAddress: FedexAddressSchema.optional(),
  packageDetails: z.looseObject({ count: text.optional(), sequenceNumber: text.optional() }).optional(),
  error: FedexErrorSchema.optional(),
})

/**
 * The track answer: one entry per number asked, each with one or more results.
 * @example const { output } = FedexTrackResponseSchema.parse(body)
 */
export const FedexTrackResponseSchema = z.looseObject({
  transactionId: text.optional(),
  output: z.looseObject({
    completeTrackResults: z.array(
      z.looseObject({ trackingNumber: text, trackResults: z.array(FedexTrackResultSchema) }),
    ),
  }),
})

/**
 * A request-level refusal: `{ transactionId, errors: [{ code, message }] }`.
 * @example FedexErrorResponseSchema.parse({ errors: [{ code: 'TRACKING.TRACKINGNUMBER.EMPTY' }] })
 */
export const FedexErrorResponseSchema = z.looseObject({
  transactionId: text.optional(),
  errors: z.array(FedexErrorSchema).min(1),
})

export type FedexAddress = z.infer<typeof FedexAddressSchema>
export type FedexScanEvent = z.infer<typeof FedexScanEventSchema>
export type FedexTrackResult = z.infer<typeof FedexTrackResultSchema>
export type FedexTrackResponse = z.infer<typeof FedexTrackResponseSchema>
