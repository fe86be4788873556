import type { Meter, ObservableResult } from '@opentelemetry/api'
import type { BreakerState } from '../carrier/breaker.ts'
import { TELEMETRY_ATTRIBUTES as A } from './attributes.ts'

/** `wismo.breaker.state` values: data, so docs and dashboards read one table. */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  half_open: 1,
  open: 2,
}

export type BreakerStateOf = (carrierId: string) => BreakerState

/** What the outbox looks like now: messages waiting, and the age of the oldest (ms; 0 when empty). */
export interface OutboxSample {
  depth: number
  oldestAgeMs: number | null
}

export type OutboxSampler = () => Promise<OutboxSample>

/**
 * The outbox gauges' sample. OpenTelemetry reads observable gauges synchronously at export time,
 * and a store query is async, so the runtime calls `refresh()` on its own cadence (e.g. with each
 * dispatcher pass) and the gauges report the last sample taken (nothing before the first).
 */
export interface OutboxGauge {
  /** Take a new sample; rejects with the sampler's error, keeping the last good sample. */
  refresh(): Promise<void>
  /** Stop reporting. */
  stop(): void
}

/** The observable gauges on `meter`, each fed by callbacks added and removed per registration. */
export function observeGauges(meter: Meter) {
  const breaker = meter.createObservableGauge('wismo.breaker.state', {
    unit: '1',
    description: "Each carrier's circuit breaker: 0 closed, 1 half-open, 2 open",
  })
  const depth = meter.createObservableGauge('wismo.outbox.depth', {
    unit: '{message}',
    description: 'Outbox messages waiting to be dispatched',
  })
  const age = meter.createObservableGauge('wismo.outbox.age', {
    unit: 'ms',
    description: 'Age of the oldest outbox message waiting',
  })
  return {
    observeBreakers(ids: readonly string[], state: BreakerStateOf): () => void {
      const callback = (result: ObservableResult) => {
        for (const id of ids) result.observe(BREAKER_STATE_VALUES[state(id)], { [A.carrier]: id })
      }
      breaker.addCallback(callback)
      return () => breaker.removeCallback(callback)
    },
    observeOutbox(sampler: OutboxSampler): OutboxGauge {
      let last: OutboxSample | null = null
      const onDepth = (r: ObservableResult) => {
        if (last) r.observe(last.depth)
      }
      const onAge = (r: ObservableResult) => {
        if (last) r.observe(last.oldestAgeMs ?? 0)
      }
      depth.addCallback(onDepth)
      age.addCallback(onAge)
      return {
        async refresh() {
          last = await sampler()
        },
        stop() {
          depth.removeCallback(onDepth)
          age.removeCallback(onAge)
        },
      }
    },
  }
}
