import { z } from 'zod'
import { carrierPlumbing } from '../carrier/runtime.ts'
import { parseInput, parseOptions } from '../define/options.ts'
import { wrapMethods } from '../define/wrap.ts'
import { WismoError } from '../errors.ts'
import { createHttpClient, type HttpClientOptions } from '../http/client.ts'
import type { Logger } from '../logger.ts'
import { collectSecrets, rememberSecrets } from '../redact.ts'
import {
  type DeliveryEvent,
  DeliveryEventSchema,
  type Notifier,
  type NotifierCapabilities,
  type NotifierContext,
  type NotifierImplementation,
  OutgoingMessageSchema,
} from './contract.ts'

export interface NotifierDefinition<S extends z.ZodType> {
  /** Stable kebab-case id, e.g. `'sendgrid'`. */
  id: string
  name?: string
  options?: S
  /** Option keys holding secrets (redacted from logs and errors), as for `defineCarrier`. */
  secrets?: readonly string[]
  capabilities: Partial<NotifierCapabilities> & Pick<NotifierCapabilities, 'channels'>
  /** Requests started per second by this process, e.g. the provider's rate limit. */
  requestsPerSecond?: number | ((options: z.output<S>) => number | undefined)
  /** Defaults for the injected HTTP client (base URL, timeouts, retries). */
  http?: (options: z.output<S>) => Omit<HttpClientOptions, 'area' | 'name' | 'log'>
  setup: (options: z.output<S>, context: NotifierContext) => NotifierImplementation
}

export interface NotifierFactoryContext {
  log?: Logger
  fetch?: typeof fetch
}

/**
 * Define a notifier (an e-mail, SMS or webhook provider). Like `defineCarrier`: options
 * validated once (every problem in one `CONFIG_INVALID`, secrets never echoed), an HTTP client
 * with retries and `NOTIFY_*` errors injected, messages validated before `send`
 * (`INPUT_INVALID`), a channel the notifier does not serve refused (`NOTIFY_REQUEST_REJECTED`),
 * unexpected throws turned into `NOTIFY_FAILED`, and parsed delivery events validated.
 * @example
 * export const acmeSms = defineNotifier({
 *   id: 'acme-sms', options: z.object({ apiKey: z.string() }), secrets: ['apiKey'],
 *   capabilities: { channels: ['sms'] },
 *   setup: (opts, { http }) => ({
 *     send: async (m) => ({ providerMessageId: (await http.request<{ id: string }>('/sms', { method: 'POST', json: { to: m.to, text: m.text } })).data.id }),
 *   }),
 * })
 */
export function defineNotifier<S extends z.ZodType = z.ZodType>(
  definition: NotifierDefinition<S>,
): (options?: z.input<S>, context?: NotifierFactoryContext) => Notifier {
  const schema = (definition.options ?? z.object({}).strict()) as S
  const capabilities: NotifierCapabilities = {
    idempotencyKeys: false,
    deliveryEvents: false,
    ...definition.capabilities,
  }
  if (capabilities.channels.length === 0)
    throw new WismoError('CONFIG_INVALID', `notifier "${definition.id}" serves no channel`)
  return (input, context = {}) => {
    const options = parseOptions(schema, input, `notifier "${definition.id}"`)
    const secrets = collectSecrets(options, definition.secrets ?? [])
    const plumbing = carrierPlumbing({ id: definition.id, secrets, log: context.log })
    const rps =
      typeof definition.requestsPerSecond === 'function'
        ? definition.requestsPerSecond(options)
        : definition.requestsPerSecond
    const http = createHttpClient({
      ...(definition.http?.(options) ?? {}),
      ...(context.fetch ? { fetch: context.fetch } : {}),
      area: 'NOTIFY',
      name: definition.id,
      log: plumbing.log,
      ...(rps ? { requestsPerSecond: rps } : {}),
    })
    const impl = definition.setup(options, { http, log: plumbing.log })
    const where = `notifier "${definition.id}"`
    const guarded = wrapMethods(
      {
        ...impl,
        send: async (message: unknown) => {
          const parsed = parseInput(OutgoingMessageSchema, message, 'message')
          if (!capabilities.channels.includes(parsed.channel))
            throw new WismoError('NOTIFY_REQUEST_REJECTED', `${where} does not send ${parsed.channel}`, {
              details: { channel: parsed.channel, channels: capabilities.channels },
            })
          return impl.send(parsed)
        },
      },
      'NOTIFY_FAILED',
      where,
    )
    if (impl.webhook) {
      const webhook = impl.webhook
      guarded.webhook = wrapMethods(
        {
          verify: (request) => webhook.verify(request),
          parse: async (body, request) => validateEvents(await webhook.parse(body, request), definition.id),
        },
        'NOTIFY_FAILED',
        `${where}.webhook`,
      )
    }
    const notifier: Notifier = Object.freeze({
      ...guarded,
      id: definition.id,
      name: definition.name ?? definition.id,
      capabilities,
      attach: (runtime: { log: Logger }) => plumbing.attach({ log: runtime.log }),
    })
    rememberSecrets(notifier, secrets)
    return notifier
  }
}

function validateEvents(events: unknown, id: string): DeliveryEvent[] {
  const parsed = z.array(DeliveryEventSchema).safeParse(events)
  if (parsed.success) return parsed.data
  const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`)
  throw new WismoError('NOTIFY_RESPONSE_INVALID', `notifier "${id}" parsed invalid delivery events`, {
    details: { problems: where },
  })
}
