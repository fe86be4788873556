export { detectEasypost, type EasypostCarrier, easypostCarrier } from './carrier.ts'
export { explainRefusals } from './errors.ts'
export {
  easypostAddress,
  easypostParcel,
  labelRate,
  purchased,
  purchasedOrder,
} from './label-shapes.ts'
export { easypostLabels, type LabelsContext, ORDERS_PATH, SHIPMENTS_PATH } from './labels.ts'
export {
  EASYPOST_URL,
  type EasypostCarrierOptions,
  EasypostCarrierOptionsSchema,
  type ResolvedEasypostOptions,
} from './options.ts'
export {
  type EasypostCarrierDetail,
  type EasypostEvent,
  EasypostEventSchema,
  type EasypostLocation,
  type EasypostOrder,
  EasypostOrderSchema,
  type EasypostRate,
  type EasypostShipment,
  EasypostShipmentSchema,
  type EasypostTracker,
  EasypostTrackerSchema,
  type EasypostTrackingDetail,
} from './schema.ts'
export {
  type DetailMeaning,
  EASYPOST_STATUS_DETAILS,
  EASYPOST_STATUS_TABLE,
  EASYPOST_STATUSES,
  type EasypostStatusMapper,
  easypostRawCode,
  easypostStatusMapper,
  GENERIC_STATUSES,
} from './status-map.ts'
export { carrierFor, EASYPOST_CARRIER_NAMES, ensureTracker, TRACKERS_PATH } from './track.ts'
export {
  EASYPOST_ESTIMATE_CONFIDENCE,
  EASYPOST_ID,
  trackerEstimates,
  trackerUpdates,
} from './tracker.ts'
export { parseEvent, TRACKER_EVENTS } from './webhook.ts'
