/**
 * The ETA estimator: a transit-time model that learns from the shop's own deliveries, business
 * calendars, the pure `estimateEta` blend and the delay/stall/trending-late signal detector.
 * See docs/eta.md.
 */

export { BLEND_RULES, chooseBest, type EtaPhase, PHASE_OF_STATUS, PICKS } from './blend.ts'
export {
  type BusinessCalendar,
  type CalendarOptions,
  CalendarOptionsSchema,
  calendarRegistry,
  createCalendar,
} from './calendar.ts'
export {
  type CarrierEstimateInput,
  carrierTimeToMs,
  normalizeCarrierEstimates,
  parseCarrierDate,
} from './carrier-dates.ts'
export {
  type EtaInput,
  type EtaOptions,
  EtaOptionsSchema,
  type EtaShipment,
  estimateEta,
  laneOfShipment,
  promiseRisk,
} from './estimate.ts'
export { FEATURES } from './features.ts'
export { LANE_LEVELS } from './lanes.ts'
export {
  type CalendarFor,
  createTransitModel,
  instant,
  type TransitModel,
  type TransitModelOptions,
  TransitModelOptionsSchema,
  type TransitPrediction,
  type TransitQuantile,
  type TransitQuestion,
} from './model.ts'
export {
  DEFAULT_STALL_HOURS,
  DELAY_SUB_STATUSES,
  detectSignals,
  type SignalEvent,
  type SignalInput,
  SignalOptionsSchema,
  type SignalResult,
  stallThresholdHours,
} from './signals.ts'
export type * from './types.ts'
export { addDays, localDateOf, startOfLocalDate, zonedTimeToInstant, zoneOffsetMinutes } from './zone.ts'
