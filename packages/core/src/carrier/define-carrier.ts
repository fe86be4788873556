import { z } from 'zod'
import { parseOptions } from '../define/options.ts'
import { wrapMethods } from '../define/wrap.ts'
import { type TrackingUpdate, TrackingUpdateSchema } from '../domain/schemas.ts'
import { WismoError } from '../errors.ts'
import { createHttpClient, type HttpClientOptions } from '../http/client.ts'
import type { Logger } from '../logger.ts'
import { collectSecrets, rememberSecrets } from '../redact.ts'
import { CarrierBudgetSchema } from './budget.ts'
import type {
  Carrier,
  CarrierCapabilities,
  CarrierContext,
  CarrierImplementation,
  CarrierLimits,
} from './contract.ts'
import { carrierPlumbing } from './runtime.ts'

export interface CarrierDefinition<S extends z.ZodType> {
  /** Stable kebab-case id, e.g. `'ups'`. */
  id: string
  name?: string
  options?: S
  /**
   * Option keys holding secrets: every string under them (arrays of rotation secrets, nested
   * objects) is redacted from logs. Keys named like secrets (`webhookSecrets`, `clientSecret`,
   * `apiKey`, `token`, …) are redacted without being listed.
   */
  secrets?: readonly string[]
  capabilities: Partial<CarrierCapabilities> & { track: boolean }
  /**
   * The carrier's public tracking page, with `{trackingNumber}` where the (URL-encoded) number
   * goes, e.g. `'https://www.ups.com/track?tracknum={trackingNumber}'`.
   */
  trackingUrl?: string
  /**
   * Enforced on the injected HTTP client: `requestsPerSecond` spaces this process's requests;
   * `budget` is shared through the Wismo instance's store by every process using it (see
   * {@link CarrierBudget}), and kept in memory while the carrier is used on its own.
   */
  limits?: CarrierLimits | ((options: z.output<S>) => CarrierLimits)
  /** Defaults for the injected HTTP client (base URL, timeouts). */
  http?: (options: z.output<S>) => Omit<HttpClientOptions, 'area' | 'name' | 'log'>
  setup: (options: z.output<S>, context: CarrierContext) => CarrierImplementation
}

export interface CarrierFactoryContext {
  /** Used until a Wismo instance attaches its own logger (`createWismo` does, for each carrier). */
  log?: Logger
  fetch?: typeof fetch
}

/**
 * Define a carrier adapter. The factory validates options once (every problem in one
 * `CONFIG_INVALID`, secrets never echoed), injects an HTTP client with retries and coded errors,
 * wraps methods so an unexpected throw becomes `CARRIER_FAILED`, and validates what `track`
 * returns (`CARRIER_RESPONSE_INVALID`). `limits.budget` is checked here (`CONFIG_INVALID`).
 * The carrier's `log` and budget follow the Wismo instance it is given to (`Carrier.attach`).
 * @example
 * export const acmeCarrier = defineCarrier({
 *   id: 'acme', options: z.object({ apiKey: z.string() }), secrets: ['apiKey'],
 *   capabilities: { track: true },
 *   setup: (opts, { http }) => ({ track: async (numbers) => [...] }),
 * })
 */
export function defineCarrier<S extends z.ZodType = z.ZodType>(
  definition: CarrierDefinition<S>,
): (options?: z.input<S>, context?: CarrierFactoryContext) => Carrier {
  const schema = (definition.options ?? z.object({}).strict()) as S
  const limitsOf = (options: z.output<S>): CarrierLimits => {
    const limits =
      typeof definition.limits === 'function' ? definition.limits(options) : (definition.limits ?? {})
    if (limits.budget)
      parseOptions(CarrierBudgetSchema, limits.budget, `carrier "${definition.id}" limits.budget`)
    return limits
  }
  // Static limits are checked once, when the adapter is defined.
  if (typeof definition.limits !== 'function') limitsOf({} as z.output<S>)
  return (input, context = {}) => {
    const options = parseOptions(schema, input, `carrier "${definition.id}"`)
    const limits = limitsOf(options)
    const budget = limits.budget
    const secrets = collectSecrets(options, definition.secrets ?? [])
    const plumbing = carrierPlumbing({ id: definition.id, secrets, log: context.log, budget })
    const log = plumbing.log
    const http = createHttpClient({
      ...(definition.http?.(options) ?? {}),
      ...(context.fetch ? { fetch: context.fetch } : {}),
      area: 'CARRIER',
      name: definition.id,
      log,
      telemetry: plumbing.telemetry,
      secrets,
      ...(limits.requestsPerSecond ? { requestsPerSecond: limits.requestsPerSecond } : {}),
      ...(plumbing.budget ? { budget: plumbing.budget } : {}),
    })
    const impl = definition.setup(options, { http, log })
    const guarded = wrapMethods(
      withValidatedTrack(impl, definition.id, log),
      'CARRIER_FAILED',
      `carrier "${definition.id}"`,
    )
    if (impl.webhook)
      guarded.webhook = wrapMethods(impl.webhook, 'CARRIER_FAILED', `carrier "${definition.id}".webhook`)
    if (impl.labels)
      guarded.labels = wrapMethods(impl.labels, 'CARRIER_FAILED', `carrier "${definition.id}".labels`)
    const carrier: Carrier = Object.freeze({
      ...guarded,
      id: definition.id,
      name: definition.name ?? definition.id,
      capabilities: {
        webhooks: false,
        register: false,
        createShipment: false,
        batch: 1,
        ...definition.capabilities,
      },
      limits,
      ...(definition.trackingUrl ? { trackingUrl: publicTrackingUrl(definition.trackingUrl) } : {}),
      attach: plumbing.attach,
    })
    rememberSecrets(carrier, secrets)
    return carrier
  }
}

function publicTrackingUrl(template: string): (trackingNumber: string) => string {
  if (!/^https:\/\/[^\s]+$/.test(template) || !template.includes('{trackingNumber}'))
    throw new WismoError('CONFIG_INVALID', 'trackingUrl must be an https URL containing {trackingNumber}', {
      details: { trackingUrl: template },
    })
  return (trackingNumber) => template.replaceAll('{trackingNumber}', encodeURIComponent(trackingNumber))
}

function withValidatedTrack(impl: CarrierImplementation, id: string, log: Logger): CarrierImplementation {
  return {
    ...impl,
    track: async (numbers) => {
      const updates = validateUpdates(await impl.track(numbers), id)
      log.debug({ carrier: id, numbers: numbers.length, updates: updates.length }, 'carrier track answered')
      return updates
    },
  }
}

/** Check carrier output at the boundary: a broken adapter or vendor change gives a coded error. */
export function validateUpdates(updates: unknown, id: string): TrackingUpdate[] {
  const parsed = z.array(TrackingUpdateSchema).safeParse(updates)
  if (parsed.success) return parsed.data
  const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`)
  throw new WismoError(
    'CARRIER_RESPONSE_INVALID',
    `carrier "${id}" returned invalid tracking data:\n- ${where.join('\n- ')}`,
    {
      details: { problems: where },
    },
  )
}
