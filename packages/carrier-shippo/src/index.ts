export { type ShippoCarrier, shippoCarrier } from './carrier.ts'
export { carrierName, SHIPPO_CARRIER_TOKENS } from './carrier-tokens.ts'
export { addressField } from './label-errors.ts'
export { LABEL_FILE_TYPES, labelRate } from './label-request.ts'
export { SHIPMENTS_PATH, TRANSACTIONS_PATH } from './labels.ts'
export {
  type ResolvedShippoOptions,
  SHIPPO_API_URL,
  type ShippoCarrierOptions,
  ShippoCarrierOptionsSchema,
  type ShippoCarrierResolver,
  ShippoCarrierTokenSchema,
} from './options.ts'
export { trackUpdate } from './parse.ts'
export {
  type ShippoRate,
  type ShippoShipment,
  ShippoShipmentSchema,
  type ShippoTrack,
  ShippoTrackSchema,
  type ShippoTransaction,
  ShippoTransactionSchema,
  ShippoWebhookEnvelopeSchema,
} from './schema.ts'
export {
  SHIPPO_STATUS,
  SHIPPO_STATUSES,
  SHIPPO_SUBSTATUSES,
  type ShippoMapStatus,
  shippoStatusMapper,
} from './status-map.ts'
export { ETA_CONFIDENCE, shippoEtaDate } from './time.ts'
export { TRACKS_PATH } from './track.ts'
export { parseWebhook, SHIPPO_SIGNATURE_HEADER, TRACK_UPDATED } from './webhook.ts'
