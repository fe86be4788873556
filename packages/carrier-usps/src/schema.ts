import { z } from 'zod'

const TRUE = new Set(['true', 'y', 'yes', '1'])
const FALSE = new Set(['false', 'n', 'no', '0'])

/**
 * USPS sends booleans as JSON booleans or as strings (`"true"`, `"false"`), depending on the field
 * and the day. An unreadable string becomes `null` rather than failing the whole answer: none of
 * these flags decides a status.
 */
const flag = z
  .union([
    z.boolean(),
    z.string().transform((v) => {
      const lower = v.trim().toLowerCase()
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : null
    }),
  ])
  .nullish()

/** A text field; a number where text was documented (a ZIP Code sent as 34442) is read as text. */
const text = z.union([z.string(), z.number().transform(String)]).nullish()

/**
 * One scan of `trackingEvents` (Tracking v3, `expand=DETAIL`), newest first.
 * @example UspsEventSchema.parse({ eventCode: '01', authorizedAgent: 'false' }).authorizedAgent // false
 */
export const UspsEventSchema = z.looseObject({
  eventType: text,
  /** Local wall-clock time of the scan, no offset (`2024-11-22T13:58:00`). */
  eventTimestamp: text,
  /** The same moment in UTC (`2024-11-22T18:58:40Z`), when given. */
  GMTTimestamp: text,
  /** Offset of the local time (`-05:00`, sometimes `-5:00`). */
  GMTOffset: text,
  eventCountry: text,
  eventCity: text,
  eventState: text,
  eventZIP: text,
  firm: text,
  name: text,
  authorizedAgent: flag,
  /** Pub 199 Appendix G-4 event code (`01` delivered, `OF` out for delivery, …). */
  eventCode: text,
  actionCode: text,
  reasonCode: text,
})

/**
 * The body of `GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL`.
 * @example UspsTrackingSchema.parse({ trackingNumber: '9400111206206406260787', onTime: 'true' }).onTime // true
 */
export const UspsTrackingSchema = z.looseObject({
  trackingNumber: z.string().min(1),
  status: text,
  statusCategory: text,
  statusSummary: text,
  mailClass: text,
  mailType: text,
  serviceTypeCode: text,
  originCity: text,
  originState: text,
  originZIP: text,
  originCountry: text,
  destinationCity: text,
  destinationState: text,
  destinationZIP: text,
  destinationCountryCode: text,
  expectedDeliveryTimeStamp: text,
  expectedDeliveryType: text,
  guaranteedDeliveryTimeStamp: text,
  guaranteedDetails: text,
  predictedDeliveryDate: text,
  /** Deprecated by USPS in favour of `predictedDeliveryDate`; read when that is absent. */
  predictedDeliveryTimeStamp: text,
  predictedDeliveryWindowStartTime: text,
  predictedDeliveryWindowEndTime: text,
  endOfDay: text,
  onTime: flag,
  returnDateNotice: text,
  /** The mail piece's unique id (MP-suffix): tells apart parcels that reuse a number. Spelt three ways. */
  uniqueMailPieceID: text,
  uniqueMailPieceId: text,
  uniqueTrackingId: text,
  mailPieceIntakeDate: text,
  trackingEvents: z.array(UspsEventSchema).max(1000).nullish(),
})

/**
 * USPS's error envelope (`{ apiVersion, error: { code, message, errors[] } }`).
 * @example UspsErrorSchema.safeParse({ error: { code: '404' } }).success // true
 */
export const UspsErrorSchema = z.looseObject({
  apiVersion: text,
  error: z.looseObject({
    code: z.union([z.string(), z.number()]).nullish(),
    message: text,
    errors: z.array(z.looseObject({ status: text, code: text, title: text, detail: text })).nullish(),
  }),
})

/** The OAuth server's error (`{ error: 'invalid_client', error_description }`). */
export const OAuthErrorSchema = z.looseObject({ error: z.string(), error_description: text })

export type UspsEvent = z.infer<typeof UspsEventSchema>
export type UspsTracking = z.infer<typeof UspsTrackingSchema>
export type UspsError = z.infer<typeof UspsErrorSchema>
