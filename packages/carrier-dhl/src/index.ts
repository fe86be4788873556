export { dhlCarrier, RAW_BODY_LIMIT } from './carrier.ts'
export { detectDhl } from './detect.ts'
export {
  DHL_PRODUCTION_URL,
  DHL_SERVICES,
  type DhlCarrierOptions,
  DhlCarrierOptionsSchema,
  type DhlService,
  type ResolvedDhlOptions,
} from './options.ts'
export {
  type DhlEvent,
  DhlEventSchema,
  type DhlShipment,
  DhlShipmentSchema,
  type DhlTrackResponse,
  DhlTrackResponseSchema,
} from './schema.ts'
export { DHL_STATUS, DHL_TEXT_RULES, textKey } from './status-map.ts'
export { dhlTime, estimateDay } from './time.ts'
