export { TELEMETRY_ATTRIBUTES } from './attributes.ts'
export {
  BREAKER_STATE_VALUES,
  type BreakerStateOf,
  type OutboxGauge,
  type OutboxSample,
  type OutboxSampler,
} from './gauges.ts'
export { type TelemetryOptions, TelemetryOptionsSchema } from './options.ts'
export {
  createTelemetry,
  noopTelemetry,
  TELEMETRY_SCOPE,
  type Telemetry,
  type TelemetryRecorders,
} from './telemetry.ts'
