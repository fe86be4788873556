export { TOKEN_PATH, type UpsCarrier, upsCarrier } from './carrier.ts'
export { detectUps, isUpsTrackingNumber, upsCheckDigit } from './detect.ts'
export { UPS_ESTIMATE_KINDS, UPS_WINDOW_KINDS } from './estimates.ts'
export {
  type ResolvedUpsOptions,
  UPS_CIE_URL,
  UPS_PRODUCTION_URL,
  type UpsCarrierOptions,
  UpsCarrierOptionsSchema,
} from './options.ts'
export {
  type UpsActivity,
  UpsErrorEnvelopeSchema,
  type UpsPackage,
  type UpsShipment,
  type UpsTrackAlert,
  UpsTrackAlertSchema,
  type UpsTrackResponse,
  UpsTrackResponseSchema,
} from './schema.ts'
export { UPS_STATUS, type UpsStatusCodes, upsStatusMapper } from './status-map.ts'
export { SUBSCRIBE_BATCH, SUBSCRIPTION_DAYS, type SubscribeResult } from './subscribe.ts'
export { TRACK_PATH } from './track.ts'
