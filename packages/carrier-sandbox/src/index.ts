export { type SandboxCarrier, sandboxCarrier } from './carrier.ts'
export {
  type ResolvedSandboxOptions,
  type SandboxCarrierOptions,
  SandboxCarrierOptionsSchema,
  type SandboxDelays,
  type ScenarioName,
} from './options.ts'
export { LANES, type Lane, PLACES, type Place, type PlaceId } from './places.ts'
export { SCENARIOS, type Scenario } from './scenarios.ts'
export {
  type SandboxEstimate,
  type SandboxEvent,
  type SandboxLocation,
  type SandboxShipmentPayload,
  type SandboxWebhookPayload,
  SandboxWebhookSchema,
} from './schema.ts'
export type { SimulatedScan, SimulatedShipment, WebhookDelivery } from './shipment.ts'
export type { SandboxShipmentInput, SandboxSimulator, SimulateManyInput, Simulation } from './simulator.ts'
export { mapSandboxCode, type SandboxCode, type SandboxCodeMeaning, STATUS_MAP } from './status-map.ts'
export { isSandboxTrackingNumber } from './tracking-number.ts'
