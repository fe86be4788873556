import { z } from './zod.ts'

/** A `[min, max]` range; the simulator draws uniformly inside it. */
const range = (max: number) =>
  z
    .tuple([z.number().min(0).max(max), z.number().min(0).max(max)])
    .refine(([a, b]) => a <= b, { message: 'the first value must not exceed the second' })

const weight = z.number().min(0).max(1_000_000)
const rate = z.number().min(0).max(1)

/** Relative weights of the journey scenarios a new shipment follows. */
export const ScenarioWeightsSchema = z
  .object({
    delivered: weight.default(80),
    failedAttempt: weight.default(8),
    exception: weight.default(7),
    returned: weight.default(3),
    lost: weight.default(2),
  })
  .strict()
  .refine((w) => Object.values(w).some((v) => v > 0), {
    message: 'at least one scenario needs a weight above 0',
  })

/** Durations, in hours, the simulator draws from when planning a journey. */
export const DelaysSchema = z
  .object({
    /** Label created → picked up. */
    pickupHours: range(24 * 30).default([2, 20]),
    /** Time spent in a facility between arrival and departure. */
    dwellHours: range(24 * 30).default([1, 6]),
    /** Line haul between two facilities. */
    legHours: range(24 * 30).default([3, 18]),
    /** Extra time an exception (weather, customs hold, damage) costs. */
    exceptionHours: range(24 * 30).default([12, 60]),
    /** Silence before a lost parcel is declared lost. */
    lostAfterHours: range(24 * 60).default([96, 240]),
    /** How long a parcel held at an access point waits for its recipient. */
    collectHours: range(24 * 30).default([6, 72]),
  })
  .strict()

const STANDARD_WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/

/** Options of {@link sandboxCarrier}. Only `seed` and `webhookSecret` are required. */
export const SandboxCarrierOptionsSchema = z
  .object({
    /** Same seed + same calls ⇒ the same tracking numbers, journeys and webhook bodies. */
    seed: z.number().int().min(0).max(0xffff_ffff),
    /** Standard Webhooks secret, `whsec_` + base64 of 24–64 random bytes. */
    webhookSecret: z
      .string()
      .regex(STANDARD_WEBHOOK_SECRET, { message: 'expected "whsec_" + base64 of 24-64 bytes' }),
    /** The simulated "now"; `track` shows what has happened by then. Default: real time. */
    clock: z
      .custom<() => Date>((v) => typeof v === 'function', { message: 'expected a function returning a Date' })
      .default(() => () => new Date()),
    scenarios: ScenarioWeightsSchema.prefault({}),
    delays: DelaysSchema.prefault({}),
    /** Share of webhook messages delivered a second time (same `webhook-id`). */
    duplicateRate: rate.default(0.05),
    /** Share of webhook messages held back until after the shipment's next message. */
    outOfOrderRate: rate.default(0.05),
    /** Share of mid-journey hub scans reported in local time without an offset. */
    localTimeRate: rate.default(0.02),
    /** Seconds between an event and its webhook. */
    webhookLatencySeconds: range(3600).default([1, 90]),
    /** Accepted clock skew of `webhook-timestamp`, in seconds. */
    webhookToleranceSeconds: z.number().int().min(1).max(86_400).default(300),
    /** Where simulated webhooks are addressed (the URL of the built `Request`s). */
    webhookUrl: z.url().default('http://localhost/webhooks/sandbox'),
  })
  .strict()

/** Options as passed to {@link sandboxCarrier}. */
export type SandboxCarrierOptions = z.input<typeof SandboxCarrierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedSandboxOptions = z.output<typeof SandboxCarrierOptionsSchema>
/** Scenario names: `delivered`, `failedAttempt`, `exception`, `returned`, `lost`. */
export type ScenarioName = keyof z.output<typeof ScenarioWeightsSchema>
export type SandboxDelays = z.output<typeof DelaysSchema>
