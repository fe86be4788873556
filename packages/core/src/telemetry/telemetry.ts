import {
  type Attributes,
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  type Meter,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api'
import { parseOptions } from '../define/options.ts'
import { isWismoError } from '../errors.ts'
import { TELEMETRY_ATTRIBUTES as A, statusClass } from './attributes.ts'
import { type BreakerStateOf, type OutboxGauge, type OutboxSampler, observeGauges } from './gauges.ts'
import { type TelemetryOptions, TelemetryOptionsSchema } from './options.ts'

/** Instrumentation scope of every span and metric Wismo records. */
export const TELEMETRY_SCOPE = '@wismo/core'

/** What the instrumented code records besides spans; every method is cheap and never throws. */
export interface TelemetryRecorders {
  /** `wismo.ingest.duration` (ms). */
  ingestDuration(ms: number, attributes: { carrier: string; source: string; outcome: string }): void
  /** `wismo.webhook.requests`: one per webhook request answered. */
  webhookRequest(attributes: { route: string; status: number }): void
  /** `wismo.carrier.failures`: a carrier call that failed after its retries. */
  carrierFailure(attributes: { carrier: string; code: string }): void
  /** `wismo.notify.failures`: a provider that failed to send a message. */
  notifyFailure(attributes: { provider: string; code: string }): void
  /** `wismo.poll.lag` (ms): how long after it was due a poll was claimed. */
  pollLag(ms: number, carrier: string): void
}

/** Spans and metrics of one Wismo instance. Made by {@link createTelemetry}; no-op by default. */
export interface Telemetry {
  /**
   * Run `fn` in a span: an error it throws sets the span's status to ERROR with the error's code
   * (`wismo.error.code`) and is rethrown; the span ends either way. Only the code is recorded,
   * never the error's message (it may quote a customer's address).
   */
  span<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind?: SpanKind): Promise<T>
  record: TelemetryRecorders
  /** Report each carrier's breaker as `wismo.breaker.state` (0 closed, 1 half-open, 2 open); returns a stop function. */
  observeBreakers(ids: readonly string[], state: BreakerStateOf): () => void
  /** Report `wismo.outbox.depth` and `wismo.outbox.age` from the last sample `refresh()` took. */
  observeOutbox(sampler: OutboxSampler): OutboxGauge
}

/** The error code recorded for `error`: a WismoError's code, else `INTERNAL`. */
export const errorCodeOf = (error: unknown): string => (isWismoError(error) ? error.code : 'INTERNAL')

/** Mark `span` failed with `code`: status ERROR, `wismo.error.code`, and an exception event naming the code only. */
export function markFailed(span: Span, code: string): void {
  span.setAttribute(A.errorCode, code)
  span.recordException({ name: code, message: code })
  span.setStatus({ code: SpanStatusCode.ERROR, message: code })
}

/**
 * Telemetry on the host's providers, or on the global ones (`trace.getTracer`, `metrics.getMeter`).
 * The global meter is taken now, so an SDK registered for metrics must be registered before this
 * runs (the global tracer follows a later registration).
 * @example
 * const telemetry = createTelemetry({ tracerProvider, meterProvider })
 * await telemetry.span('wismo.ingest', { 'wismo.carrier': 'ups' }, async () => work())
 */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const parsed = parseOptions(TelemetryOptionsSchema, options, 'telemetry')
  const tracer = (parsed.tracerProvider ?? trace.getTracerProvider()).getTracer(TELEMETRY_SCOPE)
  const meter = (parsed.meterProvider ?? metrics.getMeterProvider()).getMeter(TELEMETRY_SCOPE)
  return { span: spanRunner(tracer), record: recorders(meter), ...observeGauges(meter) }
}

function spanRunner(tracer: Tracer): Telemetry['span'] {
  return (name, attributes, fn, kind = SpanKind.INTERNAL) => {
    const span = tracer.startSpan(name, { attributes, kind })
    // What `startActiveSpan` does, less the new context when the span is a no-op with no trace
    // behind it (no SDK registered): nothing could read it, and it costs a context per call.
    if (!span.isRecording() && !isSpanContextValid(span.spanContext())) return settled(span, fn)
    return context.with(trace.setSpan(context.active(), span), () => settled(span, fn))
  }
}

async function settled<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await fn(span)
  } catch (error) {
    markFailed(span, errorCodeOf(error))
    throw error
  } finally {
    span.end()
  }
}

function recorders(meter: Meter): TelemetryRecorders {
  const ingest = meter.createHistogram('wismo.ingest.duration', {
    unit: 'ms',
    description: 'Time to ingest one tracking update, store write included',
  })
  const webhooks = meter.createCounter('wismo.webhook.requests', {
    unit: '{request}',
    description: 'Webhook requests answered, by route and status class',
  })
  const carrier = meter.createCounter('wismo.carrier.failures', {
    unit: '{failure}',
    description: 'Carrier calls that failed after their retries, by error code',
  })
  const notify = meter.createCounter('wismo.notify.failures', {
    unit: '{failure}',
    description: 'Provider sends that failed, by error code',
  })
  const lag = meter.createHistogram('wismo.poll.lag', {
    unit: 'ms',
    description: 'How long after it was due a poll was claimed',
  })
  return {
    ingestDuration: (ms, a) =>
      ingest.record(ms, { [A.carrier]: a.carrier, [A.source]: a.source, [A.outcome]: a.outcome }),
    webhookRequest: (a) => webhooks.add(1, { [A.route]: a.route, [A.statusClass]: statusClass(a.status) }),
    carrierFailure: (a) => carrier.add(1, { [A.carrier]: a.carrier, [A.errorCode]: a.code }),
    notifyFailure: (a) => notify.add(1, { [A.provider]: a.provider, [A.errorCode]: a.code }),
    pollLag: (ms, c) => lag.record(Math.max(0, ms), { [A.carrier]: c }),
  }
}

/**
 * Records nothing and calls no sampler: what a component uses when it is given no telemetry, so
 * it behaves as it did before (even when the host registered an SDK globally).
 */
export const noopTelemetry: Telemetry = {
  span: (_name, _attributes, fn) => fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)),
  record: {
    ingestDuration() {},
    webhookRequest() {},
    carrierFailure() {},
    notifyFailure() {},
    pollLag() {},
  },
  observeBreakers: () => () => {},
  observeOutbox: () => ({ refresh: async () => {}, stop() {} }),
}

/**
 * A telemetry that forwards to whichever `current()` returns at each call: for parts made before
 * the instance that gives them theirs (a carrier's HTTP client is made by the carrier factory).
 */
export function forwardingTelemetry(current: () => Telemetry): Telemetry {
  const r = () => current().record
  return {
    span: (name, attributes, fn, kind) => current().span(name, attributes, fn, kind),
    record: {
      ingestDuration: (ms, a) => r().ingestDuration(ms, a),
      webhookRequest: (a) => r().webhookRequest(a),
      carrierFailure: (a) => r().carrierFailure(a),
      notifyFailure: (a) => r().notifyFailure(a),
      pollLag: (ms, c) => r().pollLag(ms, c),
    },
    observeBreakers: (ids, state) => current().observeBreakers(ids, state),
    observeOutbox: (sampler) => current().observeOutbox(sampler),
  }
}
