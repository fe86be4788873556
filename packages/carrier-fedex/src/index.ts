export { FEDEX_TRACK_BATCH, type FedexCarrier, fedexCarrier } from './carrier.ts'
export { BODY_SNIPPET_CHARS } from './errors.ts'
export { estimatesOf, estimateTime } from './estimates.ts'
export {
  FEDEX_BASE_URLS,
  type FedexCarrierOptions,
  FedexCarrierOptionsSchema,
  type ResolvedFedexOptions,
} from './options.ts'
export {
  type FedexAddress,
  FedexErrorResponseSchema,
  type FedexScanEvent,
  type FedexTrackResponse,
  FedexTrackResponseSchema,
  type FedexTrackResult,
  FedexTrackResultSchema,
} from './schema.ts'
export { FEDEX_DERIVED_FALLBACK, FEDEX_INFORMATIONAL_CODES, FEDEX_STATUS } from './status-map.ts'
export { FEDEX_FORMATS, fedexConfidence } from './tracking-number.ts'
export { FEDEX_SIGNATURE } from './webhook.ts'
