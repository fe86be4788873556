import { z } from 'zod'
import { WismoError } from '../../errors.ts'
import { CHANNELS, type Channel, type Notifier } from '../contract.ts'
import { type CompiledTemplates, compileTemplates, type TemplateOverrides } from '../templates/engine.ts'
import { NOTIFICATION_TRIGGERS, type NotificationTrigger } from '../templates/triggers.ts'

const notifier = z.custom<Notifier>(
  (v) => typeof v === 'object' && v !== null && typeof (v as Notifier).send === 'function',
  'expected a notifier (made by defineNotifier)',
)
const clock = /^([01]\d|2[0-3]):[0-5]\d$/

/** What a host configures in `createWismo({ notifications })`. */
export const NotificationsOptionsSchema = z
  .object({
    /** The providers of each channel, tried in order (the next one when a provider fails). */
    channels: z
      .object({
        email: z.array(notifier).min(1).optional(),
        sms: z.array(notifier).min(1).optional(),
        webhook: z.array(notifier).min(1).optional(),
      })
      .strict(),
    /** Which triggers notify on which channels, e.g. `{ delivered: ['email'], out_for_delivery: ['sms'] }`. */
    triggers: z.partialRecord(z.enum(NOTIFICATION_TRIGGERS), z.array(z.enum(CHANNELS)).max(3)),
    /** The shop as the messages name it. */
    shop: z
      .object({
        name: z.string().min(1).max(200),
        logoUrl: z.url().optional(),
        colour: z.string().max(40).optional(),
        supportEmail: z.email().optional(),
      })
      .strict(),
    /**
     * The tracking page link of a shipment (an absolute http(s) URL, or a promise of one).
     * Default with `createWismo({ trackingLinks })`: the order's signed link to the shipment.
     */
    trackingUrl: z
      .custom<TrackingUrl>(
        (v) => typeof v === 'function',
        'expected a function ({ orderId, shipmentId }) => url',
      )
      .optional(),
    /** Where the webhook channel posts (your other systems). */
    webhookUrl: z.url().optional(),
    /**
     * Messages wait this long before they are sent, so a burst of scans (or a registration with
     * its history) yields one message per trigger carrying the latest state. Default 5 minutes.
     */
    burstWindowMs: z.number().int().min(0).max(86_400_000).default(300_000),
    /** An ETA move smaller than this is not worth a message (default 12 h). */
    etaChangeThresholdMs: z
      .number()
      .int()
      .min(0)
      .default(12 * 3_600_000),
    /**
     * How long after delivery the `feedback_request` invitation goes out (default 1 day), counted
     * from the delivery scan's time when the carrier gave an instant, else from when Wismo learned
     * of it. Not sent when the customer has rated the shipment by then.
     */
    feedbackRequestAfterMs: z.number().int().min(0).default(86_400_000),
    /** SMS is not sent between `start` and `end` in the customer's time zone; it waits for `end`. `null`: no quiet hours. */
    quietHours: z
      .object({ start: z.string().regex(clock), end: z.string().regex(clock) })
      .strict()
      .nullable()
      .default({ start: '21:00', end: '08:00' }),
    /**
     * A send whose outcome is unknown (the process died, or the provider timed out, mid-call) to a
     * provider that takes no idempotency key: `'resend'` (default; may duplicate, loses nothing) or
     * `'hold'` (the message is marked dead for a person to look at; may lose it). Per channel.
     */
    unknownOutcome: z.partialRecord(z.enum(CHANNELS), z.enum(['resend', 'hold'])).default({}),
    /** Host templates per trigger × channel × locale (Liquid); checked once here. */
    templates: z
      .custom<TemplateOverrides>((v) => typeof v === 'object' && v !== null, 'expected template overrides')
      .optional(),
    /** Provider circuit breakers (consecutive failures that open one, pause before a probe). */
    breakers: z
      .object({
        failures: z.number().int().min(1).max(100).optional(),
        halfOpenAfterMs: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
    /** Hand-outs of one message before it is marked failed (default 12). */
    maxAttempts: z.number().int().min(1).max(100).default(12),
    /**
     * Wait before hand-out n+1 of a message that failed n times, in ms (±20 % jitter is added; a
     * provider's `Retry-After` wins when longer). Default: 30 s · 2^(n-1), at most 1 h.
     */
    retryBackoffMs: z
      .custom<(attempts: number) => number>((v) => typeof v === 'function', 'expected a function')
      .optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    for (const [trigger, channels] of Object.entries(o.triggers))
      for (const channel of channels ?? [])
        if (!o.channels[channel])
          ctx.addIssue({
            code: 'custom',
            path: ['triggers', trigger],
            message: `notifies on ${channel}, but channels.${channel} names no provider`,
          })
    if (Object.values(o.triggers).some((c) => c?.includes('webhook')) && !o.webhookUrl)
      ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'the webhook channel needs webhookUrl' })
  })

export type NotificationsOptions = z.input<typeof NotificationsOptionsSchema>
/** The tracking page link of a shipment. */
export type TrackingUrl = (target: { orderId: string; shipmentId: string }) => string | Promise<string>

export type NotificationsSettings = Omit<z.output<typeof NotificationsOptionsSchema>, 'trackingUrl'> & {
  trackingUrl: TrackingUrl
  compiled: CompiledTemplates
}

/**
 * Parse and compile once, at `createWismo` (`CONFIG_INVALID` naming every problem). `signedUrl`
 * (from `trackingLinks`) is the link when the host gives no `trackingUrl`; one of them is needed.
 */
export function notificationsSettings(
  parsed: z.output<typeof NotificationsOptionsSchema>,
  signedUrl: TrackingUrl | null,
): NotificationsSettings {
  const trackingUrl = parsed.trackingUrl ?? signedUrl
  if (!trackingUrl)
    throw new WismoError(
      'CONFIG_INVALID',
      'notifications need a tracking page link: pass notifications.trackingUrl, or createWismo({ trackingLinks })',
      { details: { option: 'notifications.trackingUrl' } },
    )
  return { ...parsed, trackingUrl, compiled: compileTemplates(parsed.templates ?? {}) }
}

/** The channels a trigger notifies on. */
export function channelsOf(settings: NotificationsSettings, trigger: NotificationTrigger): Channel[] {
  return [...new Set(settings.triggers[trigger] ?? [])]
}
