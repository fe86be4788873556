import { z } from 'zod'
import { boundedCache } from '../util/bounded-cache.ts'
import { STATUSES } from './status.ts'
import { carrierTimeProblem } from './time.ts'
import { TrackingNumberSchema } from './tracking-number.ts'

/** A time as the carrier gave it: instant with offset, local time, or date only. */
export const CarrierTimeSchema = z
  .string()
  .max(40)
  .superRefine((v, ctx) => {
    const problem = carrierTimeProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** A UTC instant written by Wismo itself (`receivedAt`, `createdAt`, ...). */
export const InstantSchema = z.iso.datetime({ offset: true })

export const StatusSchema = z.enum(STATUSES)

/** Most pieces one shipment keeps. */
export const MAX_PIECES = 200

const shortText = z.string().max(500)
const identifier = z.string().trim().min(1).max(200)

export const LocationSchema = z
  .object({
    city: shortText.optional(),
    region: shortText.optional(),
    postalCode: z.string().max(40).optional(),
    country: z.string().max(3).optional(),
    text: shortText.optional(),
  })
  .strict()

export const AddressSchema = LocationSchema

export const EventSourceSchema = z.enum(['webhook', 'poll', 'manual'])

/** One scan as a carrier adapter hands it over (before dedup keys and receipt times). */
export const TrackingEventInputSchema = z
  .object({
    status: StatusSchema,
    subStatus: z.string().max(100).nullish(),
    rawCode: z.string().max(200),
    rawText: z.string().max(2000),
    occurredAt: CarrierTimeSchema,
    location: LocationSchema.nullish(),
    providerEventId: z.string().min(1).max(300).nullish(),
    /** The piece this scan is about (its own tracking number), for a multi-piece shipment; absent: the whole shipment. */
    piece: TrackingNumberSchema.nullish(),
  })
  .strict()

export const EtaSourceSchema = z.enum([
  'carrier_scheduled',
  'carrier_rescheduled',
  'carrier_window',
  'carrier_guaranteed',
  'model',
  'host_promised',
])

/** One estimate of the delivery date, with where it came from and how sure it is. */
export const EtaEstimateSchema = z
  .object({
    source: EtaSourceSchema,
    date: CarrierTimeSchema,
    earliest: CarrierTimeSchema.nullish(),
    latest: CarrierTimeSchema.nullish(),
    confidence: z.number().min(0).max(1),
    madeAt: InstantSchema,
  })
  .strict()

export const EtaSchema = z
  .object({
    best: EtaEstimateSchema.nullable(),
    estimates: z.array(EtaEstimateSchema).max(50),
    /** Earlier best estimates, oldest first. */
    revisions: z.array(EtaEstimateSchema).max(200),
    /** Signals currently active for the shipment (one episode each), kept by the signal detector. */
    signals: z
      .object({ active: z.array(z.enum(['delayed', 'stalled', 'trending_late'])) })
      .strict()
      .optional(),
  })
  .strict()

/** What a carrier hands over: the scans it knows of one tracking number. */
export const TrackingUpdateSchema = z
  .object({
    carrier: identifier,
    trackingNumber: TrackingNumberSchema,
    carrierShipmentId: identifier.nullish(),
    /** The pieces of a multi-piece shipment (each its own tracking number), as the carrier lists them. */
    pieces: z.array(TrackingNumberSchema).max(MAX_PIECES).optional(),
    /**
     * For an aggregator: the Wismo id of the carrier that moves the parcel (EasyPost says `UPS`:
     * `'ups'`). When the host tracks the parcel under that carrier, the update is filed there.
     */
    trackingCarrier: identifier.nullish(),
    /** The adapter that produced this update when it is filed under another carrier (failover, aggregator). */
    via: identifier.nullish(),
    source: EventSourceSchema,
    service: shortText.nullish(),
    origin: AddressSchema.nullish(),
    destination: AddressSchema.nullish(),
    events: z.array(TrackingEventInputSchema).max(1000),
    estimates: z
      .array(EtaEstimateSchema.omit({ madeAt: true }).extend({ madeAt: InstantSchema.optional() }))
      .max(20)
      .optional(),
  })
  .strict()

export const TrackingEventSchema = TrackingEventInputSchema.extend({
  dedupKey: z.string().min(1).max(300),
  shipmentId: identifier,
  receivedAt: InstantSchema,
  source: EventSourceSchema,
  /**
   * The adapter whose update brought this scan, when it is not the shipment's carrier (an
   * aggregator's or a failover's scan); absent: the shipment's own carrier.
   */
  via: identifier.optional(),
})

export const NotificationPreferencesSchema = z
  .object({
    email: z.boolean().default(true),
    sms: z.boolean().default(false),
    /** Triggers the customer opted out of (`out_for_delivery`, `delayed`, ...). */
    mutedTriggers: z.array(z.string().max(60)).max(50).default([]),
    /**
     * The customer's own quiet hours for SMS (local `HH:MM`, in the customer's time zone), or
     * `null` for none; absent: the shop's `notifications.quietHours`.
     */
    quietHours: z
      .object({
        start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict()

export const CustomerSchema = z
  .object({
    name: z.string().max(200).optional(),
    email: z.email().max(320).optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number like +14155550100')
      .optional(),
    locale: z.string().min(2).max(35).default('en'),
    timeZone: z
      .string()
      .default('UTC')
      .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin' }),
  })
  .strict()

export const OrderInputSchema = z
  .object({
    id: identifier,
    customer: CustomerSchema.default({ locale: 'en', timeZone: 'UTC' }),
    preferences: NotificationPreferencesSchema.default({ email: true, sms: false, mutedTriggers: [] }),
    metadata: z.record(z.string().max(100), z.string().max(2000)).default({}),
  })
  .strict()

export const OrderSchema = OrderInputSchema.extend({ createdAt: InstantSchema })

export const DirectionSchema = z.enum(['outbound', 'return'])

/**
 * What a shop knows about a shipment that the ETA model can learn from (all optional): parcel
 * weight and size, the freight paid, the seller's (or warehouse's) usual handling days, a
 * distance proxy between origin and destination.
 */
export const ShipmentFeaturesSchema = z
  .object({
    weightKg: z.number().positive().max(100_000).optional(),
    volumeCm3: z.number().positive().max(1e9).optional(),
    freight: z.number().nonnegative().max(1e9).optional(),
    handlingDays: z.number().nonnegative().max(365).optional(),
    distanceKm: z.number().nonnegative().max(40_075).optional(),
  })
  .strict()

/** One piece of a multi-piece shipment: its own number and the state its scans give it. */
export const PieceSchema = z
  .object({
    trackingNumber: TrackingNumberSchema,
    status: StatusSchema,
    subStatus: z.string().max(100).nullable(),
    statusChangedAt: CarrierTimeSchema.nullable(),
    lastEventAt: CarrierTimeSchema.nullable(),
  })
  .strict()

export const ShipmentSchema = z
  .object({
    id: identifier,
    orderId: identifier.nullable(),
    carrier: identifier,
    trackingNumber: identifier,
    carrierShipmentId: identifier.nullable(),
    service: shortText.nullable(),
    origin: AddressSchema.nullable(),
    destination: AddressSchema.nullable(),
    direction: DirectionSchema,
    status: StatusSchema,
    subStatus: z.string().max(100).nullable(),
    statusChangedAt: CarrierTimeSchema.nullable(),
    lastEventAt: CarrierTimeSchema.nullable(),
    eta: EtaSchema.nullable(),
    /** Date the shop promised the customer (local date), if any. */
    promisedDate: CarrierTimeSchema.nullable(),
    /** ETA features the host gave at registration (absent when it gave none). */
    features: ShipmentFeaturesSchema.optional(),
    /**
     * The pieces of a multi-piece shipment, each with its own status (absent for a single parcel).
     * The shipment's status is the least advanced piece's; it is delivered when every piece is.
     */
    pieces: z.array(PieceSchema).max(MAX_PIECES).optional(),
    metadata: z.record(z.string().max(100), z.string().max(2000)),
    version: z.number().int().nonnegative(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .strict()

/** Longest feedback comment kept (characters, after trimming). */
export const MAX_FEEDBACK_COMMENT = 2000

/**
 * A customer's rating of one delivered shipment (one per shipment; an edit replaces it and keeps
 * `createdAt`). `comment` is trimmed; `null` when the customer wrote none.
 */
export const FeedbackSchema = z
  .object({
    shipmentId: identifier,
    orderId: identifier.nullable(),
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(MAX_FEEDBACK_COMMENT).nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .strict()

/** Zones already checked (each check builds an `Intl.DateTimeFormat`). */
const checkedZones = boundedCache<boolean>(1_000)

function isTimeZone(zone: string): boolean {
  return checkedZones.get(zone, () => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
      return true
    } catch {
      return false
    }
  })
}

export type Location = z.infer<typeof LocationSchema>
export type Address = Location
export type EventSource = z.infer<typeof EventSourceSchema>
export type TrackingEventInput = z.infer<typeof TrackingEventInputSchema>
export type TrackingEvent = z.infer<typeof TrackingEventSchema>
export type TrackingUpdate = z.input<typeof TrackingUpdateSchema>
export type ParsedTrackingUpdate = z.output<typeof TrackingUpdateSchema>
export type EtaSource = z.infer<typeof EtaSourceSchema>
export type EtaEstimate = z.infer<typeof EtaEstimateSchema>
export type Eta = z.infer<typeof EtaSchema>
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>
export type Customer = z.infer<typeof CustomerSchema>
export type OrderInput = z.input<typeof OrderInputSchema>
export type Order = z.infer<typeof OrderSchema>
export type Direction = z.infer<typeof DirectionSchema>
export type Shipment = z.infer<typeof ShipmentSchema>
export type ShipmentFeatures = z.infer<typeof ShipmentFeaturesSchema>
export type Piece = z.infer<typeof PieceSchema>
export type Feedback = z.infer<typeof FeedbackSchema>
