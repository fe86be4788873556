import { z } from 'zod'
import { CarrierTimeSchema, StatusSchema } from '../../domain/schemas.ts'
import type { Status } from '../../domain/status.ts'
import { WismoError } from '../../errors.ts'
import { formatEtaWindow, formatScanTime } from './format.ts'
import { LOCALE_COPY } from './generated.ts'
import {
  languageOf,
  NOTIFICATION_TRIGGERS,
  type NotificationTrigger,
  resolveTemplateLocale,
  type TemplateLocale,
} from './triggers.ts'

const httpUrl = z
  .string()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), { message: 'expected an http(s) URL' })

/** What a template may show. Validated by {@link renderNotification}. */
export const NotificationContextSchema = z.object({
  shop: z.object({
    name: z.string().min(1).max(200),
    logoUrl: httpUrl.nullish(),
    /** Brand colour as `#rgb` or `#rrggbb`; anything else falls back to a neutral dark grey. */
    colour: z.string().max(40).nullish(),
    supportEmail: z.string().max(320).nullish(),
  }),
  customer: z.object({
    name: z.string().max(200).nullish(),
    locale: z.string().min(2).max(35),
    timeZone: z.string().max(100),
  }),
  shipment: z.object({
    carrierName: z.string().min(1).max(200),
    trackingNumber: z.string().min(1).max(200),
    status: StatusSchema,
    /** Plain-words status; absent: the default wording of the template's locale. */
    statusText: z.string().max(200).nullish(),
    service: z.string().max(500).nullish(),
  }),
  eta: z
    .object({
      date: CarrierTimeSchema,
      earliest: CarrierTimeSchema.nullish(),
      latest: CarrierTimeSchema.nullish(),
      confidence: z.number().min(0).max(1).optional(),
    })
    .nullish(),
  latestScan: z
    .object({
      text: z.string().max(2000),
      /** Where the scan happened, as one line (`Memphis, TN, US`). */
      place: z.string().max(500).nullish(),
      /** When, as the carrier gave it; shown in the scan's own local time. */
      occurredAt: CarrierTimeSchema.nullish(),
    })
    .nullish(),
  trackingUrl: httpUrl,
  trigger: z.enum(NOTIFICATION_TRIGGERS),
})

export type NotificationContext = z.input<typeof NotificationContextSchema>

/**
 * The Liquid scope the templates see: the context as given plus precomputed fields
 * (`customer.firstName`, `shipment.statusText`, `eta.window`, `eta.short`,
 * `latestScan.localTime`, `theme.colour`/`theme.onColour`, `sms.greeting`, `sms.place`).
 */
export type TemplateScope = ReturnType<typeof buildScope>

export function parseContext(context: NotificationContext): z.output<typeof NotificationContextSchema> {
  const parsed = NotificationContextSchema.safeParse(context)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  throw new WismoError('INPUT_INVALID', `Notification context is invalid at ${field}: ${issue?.message}`, {
    details: {
      field,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  })
}

/** Intl locale for dates: the customer's own when it speaks the template's language, else the template's. */
export function formatLocale(customerLocale: string, templateLocale: TemplateLocale): string {
  const wanted = languageOf(customerLocale) === languageOf(templateLocale) ? customerLocale : templateLocale
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(wanted.replace('_', '-'))[0] ?? templateLocale
  } catch {
    return templateLocale
  }
}

export function buildScope(ctx: z.output<typeof NotificationContextSchema>, templateLocale: TemplateLocale) {
  const locale = formatLocale(ctx.customer.locale, templateLocale)
  const timeZone = safeZone(ctx.customer.timeZone)
  const name = present(ctx.customer.name)
  const eta = ctx.eta
    ? {
        ...ctx.eta,
        window: formatEtaWindow(ctx.eta, { locale, timeZone }),
        short: formatEtaWindow(ctx.eta, { locale, timeZone, style: 'short' }),
      }
    : null
  const scan = ctx.latestScan
    ? {
        ...ctx.latestScan,
        place: present(ctx.latestScan.place),
        localTime: ctx.latestScan.occurredAt ? formatScanTime(ctx.latestScan.occurredAt, locale) : null,
      }
    : null
  const colour = brandColour(ctx.shop.colour)
  return {
    shop: { ...ctx.shop, logoUrl: present(ctx.shop.logoUrl), supportEmail: present(ctx.shop.supportEmail) },
    theme: { colour, onColour: readableOn(colour) },
    customer: { ...ctx.customer, name, firstName: name?.split(/\s+/)[0] ?? null },
    shipment: {
      ...ctx.shipment,
      service: present(ctx.shipment.service),
      statusText: present(ctx.shipment.statusText) ?? statusText(ctx.shipment.status, templateLocale),
    },
    eta,
    latestScan: scan,
    trackingUrl: ctx.trackingUrl,
    trigger: ctx.trigger as NotificationTrigger,
    sms: { greeting: '', place: scan?.place ?? null },
  }
}

function statusText(status: Status, locale: TemplateLocale): string {
  return LOCALE_COPY[locale].status[status]
}

/**
 * A status in plain words, in the default copy's language for `locale` (the words the
 * notifications use), e.g. for a tracking page.
 * @example statusWords('out_for_delivery', 'de-AT') // 'In Zustellung'
 */
export function statusWords(status: Status, locale: string): string {
  return statusText(status, resolveTemplateLocale(locale))
}

/** Liquid treats `''` as true; an empty value must read as absent. */
function present(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return 'UTC'
  }
}

const DEFAULT_COLOUR = '#1f2933'

function brandColour(colour: string | null | undefined): string {
  const value = colour?.trim() ?? ''
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value.toLowerCase() : DEFAULT_COLOUR
}

/** Black or white text, whichever reads better on the brand colour (WCAG relative luminance). */
function readableOn(hex: string): string {
  const full = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1)
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return luminance > 0.179 ? '#111111' : '#ffffff'
}
