export { LIST_BATCH, trackingsPath } from './api.ts'
export { type AftershipCarrier, aftershipCarrier, SLUG_METADATA_KEY } from './carrier.ts'
export {
  AFTERSHIP_CONFIDENCE_CODES,
  AFTERSHIP_ESTIMATE_KINDS,
  trackingEstimates,
} from './estimates.ts'
export {
  AFTERSHIP_API_URL,
  AFTERSHIP_API_VERSION,
  AFTERSHIP_REQUESTS_PER_SECOND,
  type AftershipCarrierOptions,
  AftershipCarrierOptionsSchema,
  type ResolvedAftershipOptions,
} from './options.ts'
export {
  type AftershipCheckpoint,
  AftershipCheckpointSchema,
  type AftershipTracking,
  AftershipTrackingSchema,
  type AftershipWebhook,
  AftershipWebhookSchema,
} from './schema.ts'
export {
  AFTERSHIP_STATUS,
  AFTERSHIP_SUBTAGS,
  AFTERSHIP_TAGS,
  type AftershipStatusCodes,
  aftershipStatusMapper,
  SUBTAGS_MAPPED_BY_TAG,
} from './status-map.ts'
