export { USPS_PATHS, USPS_REQUESTS_PER_SECOND, uspsCarrier } from './carrier.ts'
export { detectUsps } from './detect.ts'
export { ESTIMATE_CONFIDENCE } from './estimates.ts'
export { USPS_BASE_URLS, type UspsCarrierOptions, UspsCarrierOptionsSchema } from './options.ts'
export {
  type UspsError,
  UspsErrorSchema,
  type UspsEvent,
  UspsEventSchema,
  type UspsTracking,
  UspsTrackingSchema,
} from './schema.ts'
export { USPS_STATUS } from './status-map.ts'
