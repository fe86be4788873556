/**
 * zod schemas of the UPS payloads Wismo reads: the Track API response (`GET
 * /api/track/v1/details/{inquiryNumber}`), its error envelope, and the Track Alert callback and
 * subscription answer. Only the fields the adapter uses are declared; everything else passes
 * through untouched (UPS samples disagree on the shape of unused fields such as
 * `paymentInformation`, an array in one and an object in another).
 */
import { z } from 'zod'

/** `YYYYMMDD`. */
export const UpsDate = z.string().regex(/^\d{8}$/, 'expected YYYYMMDD')
/** `HHMMSS`; UPS also writes `74700` for 07:47:00, and an empty string when there is none. */
export const UpsTime = z.string().regex(/^\d{0,6}$/, 'expected HHMMSS')

const text = z.string().optional()

/** An address as UPS writes it in activities and package addresses. */
export const UpsAddressSchema = z.looseObject({
  city: text,
  stateProvince: text,
  postalCode: text,
  country: text,
  countryCode: text,
})

/** An activity's status: type (`I`), code (`AR`), status code (`005`) and texts. */
export const UpsStatusSchema = z.looseObject({
  type: z.string(),
  code: text,
  description: text,
  simplifiedTextDescription: text,
  statusCode: text,
})

/**
 * One scan: local `date` + `time`, and in current answers `gmtDate`, `gmtTime`, `gmtOffset`.
 * @example UpsActivitySchema.parse({ date: '20210210', time: '071356', status: { type: 'X', code: 'SR' } })
 */
export const UpsActivitySchema = z.looseObject({
  date: UpsDate,
  time: UpsTime.optional(),
  gmtDate: z.string().optional(),
  gmtTime: z.string().optional(),
  gmtOffset: z.string().optional(),
  location: z.looseObject({ address: UpsAddressSchema.optional() }).optional(),
  status: UpsStatusSchema,
})

/** One package of a shipment: its scans, delivery dates and times, addresses and service. */
export const UpsPackageSchema = z.looseObject({
  trackingNumber: text,
  activity: z.array(UpsActivitySchema).max(1000).optional(),
  // Dates and times stay plain strings here: vendor samples hold "string" placeholders, which the
  // adapter skips instead of refusing the whole answer.
  deliveryDate: z.array(z.looseObject({ date: text, type: text })).optional(),
  deliveryTime: z.looseObject({ type: text, startTime: text, endTime: text }).optional(),
  packageAddress: z.array(z.looseObject({ type: text, address: UpsAddressSchema.optional() })).optional(),
  packageCount: z.number().int().optional(),
  service: z.looseObject({ code: text, description: text }).optional(),
})

/** A warning or error entry, e.g. `{ code: 'TW0001', message: 'Tracking Information Not Found' }`. */
export const UpsWarningSchema = z.looseObject({ code: text, message: text })

/** The answer for one inquiry number: its packages, or warnings when there are none. */
export const UpsShipmentSchema = z.looseObject({
  inquiryNumber: text,
  package: z.array(UpsPackageSchema).optional(),
  warnings: z.array(UpsWarningSchema).optional(),
})

/**
 * A Track API answer.
 * @example UpsTrackResponseSchema.safeParse(await response.json()).success
 */
export const UpsTrackResponseSchema = z.looseObject({
  trackResponse: z.looseObject({ shipment: z.array(UpsShipmentSchema) }),
})

/** What UPS answers instead when it refuses a request: `{ response: { errors: [...] } }`. */
export const UpsErrorEnvelopeSchema = z.looseObject({
  response: z.looseObject({ errors: z.array(UpsWarningSchema).min(1) }),
})

/** Empty strings are how Track Alert says "no value". */
const optionalText = z.string().optional()

/** One Track Alert callback: a single activity of one 1Z package. */
export const UpsTrackAlertSchema = z.looseObject({
  trackingNumber: z.string().trim().min(1),
  localActivityDate: z.union([UpsDate, z.literal('')]).optional(),
  localActivityTime: UpsTime.optional(),
  gmtActivityDate: z.union([UpsDate, z.literal('')]).optional(),
  gmtActivityTime: UpsTime.optional(),
  activityLocation: z
    .looseObject({
      city: optionalText,
      stateProvince: optionalText,
      postalCode: optionalText,
      country: optionalText,
    })
    .optional(),
  activityStatus: z.looseObject({
    type: z.string().min(1),
    code: optionalText,
    description: optionalText,
    descriptionCode: optionalText,
  }),
  scheduledDeliveryDate: optionalText,
  actualDeliveryDate: optionalText,
  actualDeliveryTime: optionalText,
  deliveryStartTime: optionalText,
  deliveryEndTime: optionalText,
  deliveryTimeDescription: optionalText,
})

/** Answer to a Track Alert subscription request. */
export const UpsSubscriptionResponseSchema = z.looseObject({
  validTrackingNumbers: z.array(z.string()).optional(),
  invalidTrackingNumbers: z.array(z.string()).optional(),
})

export type UpsActivity = z.infer<typeof UpsActivitySchema>
export type UpsAddress = z.infer<typeof UpsAddressSchema>
export type UpsPackage = z.infer<typeof UpsPackageSchema>
export type UpsShipment = z.infer<typeof UpsShipmentSchema>
export type UpsTrackResponse = z.infer<typeof UpsTrackResponseSchema>
export type UpsTrackAlert = z.infer<typeof UpsTrackAlertSchema>
