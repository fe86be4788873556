import { AddressSchema, parseInput, type Shipment, signStandardWebhook, WismoError } from '@wismo/core'
import type { ResolvedSandboxOptions, ScenarioName } from './options.ts'
import { LANES, type Lane, PLACES, type PlaceId } from './places.ts'
import { DeliveryQueue } from './queue.ts'
import { createRng, type Rng } from './rng.ts'
import { SCENARIOS } from './scenarios.ts'
import { type SimulatedShipment, simulateShipment, type WebhookDelivery } from './shipment.ts'
import { trackingNumbers } from './tracking-number.ts'
import { z } from './zod.ts'

const SCENARIO_NAMES = Object.keys(SCENARIOS) as [ScenarioName, ...ScenarioName[]]

const ShipInputSchema = z.object({
  service: z.string().max(100).optional(),
  origin: AddressSchema.nullish(),
  destination: AddressSchema.nullish(),
  weightKg: z.number().positive().optional(),
  reference: z.string().max(200).optional(),
  scenario: z.enum(SCENARIO_NAMES).optional(),
  lane: z.enum(LANES.map((l) => l.id) as [string, ...string[]]).optional(),
  pieceOf: z.string().min(1).max(40).optional(),
  at: z.date().optional(),
})

const ManyInputSchema = z.object({
  count: z.number().int().min(1).max(1_000_000),
  start: z.date().optional(),
  spreadMinutes: z.number().min(0).max(525_600).default(0),
  scenario: z.enum(SCENARIO_NAMES).optional(),
})

/** What the simulator needs to plan a shipment. */
export interface CreateShipmentInput {
  service?: string
  origin?: Shipment['origin']
  destination?: Shipment['destination']
  weightKg?: number
  reference?: string
}

/** `createShipment` input plus simulator-only controls. */
export interface SandboxShipmentInput extends CreateShipmentInput {
  /** Force a journey instead of drawing one from the scenario weights. */
  scenario?: ScenarioName
  /** Force a lane by id (see `LANES`); otherwise one matching the countries given, if any. */
  lane?: string
  /** Plan a parcel of the multi-parcel shipment with this number (see `SimulatedShipment.masterNumber`). */
  pieceOf?: string
  /** Label time; default: the clock. */
  at?: Date
}

/** Input of {@link SandboxSimulator.simulateMany}. */
export interface SimulateManyInput {
  count: number
  /** First label time; default: the clock. */
  start?: Date
  /** Label times spread evenly over this many minutes (default 0: all at `start`). */
  spreadMinutes?: number
  scenario?: ScenarioName
}

/** Shipments created in one go and every webhook delivery they make, in delivery order. */
export interface Simulation {
  shipments: SimulatedShipment[]
  deliveries: WebhookDelivery[]
}

/**
 * Drives the simulated carrier: plan shipments, look them up, and take the webhooks that are due.
 * @example
 * const { simulator } = sandboxCarrier({ seed: 1, webhookSecret })
 * const run = simulator.simulateMany({ count: 1000, start: new Date('2025-03-03T08:00:00Z') })
 * for (const d of run.deliveries) await wismo.ingest(d.update)
 */
export interface SandboxSimulator {
  /** The simulated now (the `clock` option). */
  now(): Date
  /**
   * Give the next shipments planned without a scenario (by `ship`, or by a label bought through
   * `wismo.createShipment`) these journeys, in order; then the scenario weights apply again.
   */
  forceScenarios(...scenarios: ScenarioName[]): void
  /** Plan a new shipment, as `createShipment` does, and return its whole journey. */
  ship(input?: SandboxShipmentInput): SimulatedShipment
  /** Plan `count` shipments; returns them and all their deliveries sorted by `deliverAt`. */
  simulateMany(input: SimulateManyInput): Simulation
  get(trackingNumber: string): SimulatedShipment | undefined
  /** The parcels planned with `pieceOf: trackingNumber`, in planning order. */
  piecesOf(trackingNumber: string): SimulatedShipment[]
  /**
   * Plan the parcels of one label. One parcel is a plain shipment; several share a new shipment
   * number that is no parcel's own (like a DHL waybill), each parcel scanned as a piece of it.
   */
  shipParcels(parcels: readonly SandboxShipmentInput[]): {
    trackingNumber: string
    parcels: SimulatedShipment[]
  }
  /** Deliveries due by `until` not taken before, in delivery order; they leave the queue. */
  takeDeliveries(until: Date): WebhookDelivery[]
  /** Sign a delivery as a `POST` Request; `sentAt` (default: the clock) is its `webhook-timestamp`. */
  toRequest(delivery: WebhookDelivery, sentAt?: Date): Promise<Request>
  /** `takeDeliveries(until)` as signed Requests. */
  webhooksUntil(until: Date, options?: { sentAt?: Date }): Promise<Request[]>
}

/** Build the simulator behind one sandbox carrier instance. */
export function createSimulator(options: ResolvedSandboxOptions, carrierId: string): SandboxSimulator {
  const master = createRng(options.seed)
  const nextNumber = trackingNumbers(master.fork())
  const shipments = new Map<string, SimulatedShipment>()
  const queue = new DeliveryQueue()
  const forced: ScenarioName[] = []
  const pieces = new Map<string, SimulatedShipment[]>()

  const plan = (input: z.output<typeof ShipInputSchema>): SimulatedShipment => {
    const rng = master.fork()
    const lane = chooseLane(rng, input)
    const scenario = input.scenario ?? forced.shift() ?? rng.weighted(options.scenarios)
    const trackingNumber = nextNumber()
    const shipmentId = `shp_${rng
      .int(0, 36 ** 8 - 1)
      .toString(36)
      .padStart(8, '0')}`
    const start = (input.at ?? options.clock()).getTime()
    const pieceOf = input.pieceOf
    const shipment = simulateShipment(
      rng,
      { trackingNumber, shipmentId, lane, scenario, start, ...(pieceOf ? { masterNumber: pieceOf } : {}) },
      options,
      carrierId,
    )
    shipments.set(trackingNumber, shipment)
    if (pieceOf) pieces.set(pieceOf, [...(pieces.get(pieceOf) ?? []), shipment])
    queue.add(shipment.deliveries)
    return shipment
  }

  const toRequest = async (delivery: WebhookDelivery, sentAt = options.clock()) => {
    const { webhookSecret: secret } = options
    const headers = await signStandardWebhook({
      secret,
      id: delivery.id,
      timestamp: sentAt,
      body: delivery.body,
    })
    return new Request(options.webhookUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'wismo-carrier-sandbox' },
      body: delivery.body,
    })
  }

  return {
    now: () => options.clock(),
    forceScenarios: (...scenarios) => {
      forced.push(...parseInput(z.array(z.enum(SCENARIO_NAMES)), scenarios, 'forceScenarios'))
    },
    ship: (input = {}) => plan(parseInput(ShipInputSchema, input, 'sandbox shipment')),
    simulateMany: (input) => {
      const { count, start, spreadMinutes, scenario } = parseInput(
        ManyInputSchema,
        input,
        'simulateMany input',
      )
      const first = (start ?? options.clock()).getTime()
      const gap = (spreadMinutes * 60_000) / count
      const created = Array.from({ length: count }, (_, i) =>
        plan({ scenario, at: new Date(first + Math.floor(i * gap)) }),
      )
      return { shipments: created, deliveries: DeliveryQueue.sorted(created.flatMap((s) => s.deliveries)) }
    },
    get: (trackingNumber) => shipments.get(trackingNumber),
    piecesOf: (trackingNumber) => [...(pieces.get(trackingNumber) ?? [])],
    shipParcels: (parcels) => {
      const inputs = parcels.map((p) => parseInput(ShipInputSchema, p, 'sandbox parcel'))
      const [only, ...more] = inputs
      if (!only) throw new WismoError('INPUT_INVALID', 'A label needs at least one parcel')
      if (more.length === 0) {
        const shipment = plan(only)
        return { trackingNumber: shipment.trackingNumber, parcels: [shipment] }
      }
      const trackingNumber = nextNumber()
      return { trackingNumber, parcels: inputs.map((p) => plan({ ...p, pieceOf: trackingNumber })) }
    },
    takeDeliveries: (until) => queue.take(until.getTime()),
    toRequest,
    webhooksUntil: (until, opts = {}) =>
      Promise.all(queue.take(until.getTime()).map((d) => toRequest(d, opts.sentAt))),
  }
}

/** A lane by id, else one whose ends match the countries asked for, else any; drawn by weight. */
function chooseLane(rng: Rng, input: { lane?: string | undefined } & CreateShipmentInput): Lane {
  const country = (id: PlaceId | undefined) => (id ? PLACES[id].country : undefined)
  const fits = (l: Lane) =>
    (!input.origin?.country || country(l.route[0]) === input.origin.country) &&
    (!input.destination?.country || country(l.route.at(-1)) === input.destination.country)
  const forced = LANES.filter((l) => l.id === input.lane)
  const matching = LANES.filter(fits)
  const candidates = forced.length > 0 ? forced : matching.length > 0 ? matching : LANES
  const id = rng.weighted(Object.fromEntries(candidates.map((l) => [l.id, l.weight])))
  return candidates.find((l) => l.id === id) as Lane
}
