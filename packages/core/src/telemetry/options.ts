import type { MeterProvider, TracerProvider } from '@opentelemetry/api'
import { z } from 'zod'

const hasMethod = (name: string) => (v: unknown) =>
  typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)[name] === 'function'

/**
 * `createWismo({ telemetry })`: the OpenTelemetry providers Wismo records to. Without them it
 * uses the globally registered ones (`trace`/`metrics` of `@opentelemetry/api`), which record
 * nothing until the host registers an SDK.
 * @example
 * const telemetry = { tracerProvider: new TracerProvider(), meterProvider: new MeterProvider() }
 */
export const TelemetryOptionsSchema = z
  .object({
    tracerProvider: z
      .custom<TracerProvider>(hasMethod('getTracer'), 'expected an OpenTelemetry TracerProvider')
      .optional(),
    meterProvider: z
      .custom<MeterProvider>(hasMethod('getMeter'), 'expected an OpenTelemetry MeterProvider')
      .optional(),
  })
  .strict()

export type TelemetryOptions = z.input<typeof TelemetryOptionsSchema>
