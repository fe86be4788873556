import { Liquid, type Template } from 'liquidjs'
import { z } from 'zod'
import { WismoError } from '../../errors.ts'
import { EMAIL_LAYOUT_HTML, LOCALE_COPY, TEXT_LAYOUT } from './generated.ts'
import { NOTIFICATION_TRIGGERS, type NotificationTrigger, type TemplateLocale } from './triggers.ts'

/**
 * Two Liquid engines: HTML escapes every `{{ output }}`, text does not. Both refuse unknown
 * filters when a template is parsed, read no files (`templates: {}` is an empty in-memory
 * file system, so `{% include %}` cannot reach the disk) and cap memory per render.
 */
const BASE = {
  strictVariables: false,
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  parseLimit: 200_000,
  memoryLimit: 10_000_000,
} as const

export const htmlEngine = new Liquid({ ...BASE, outputEscape: 'escape' })
export const textEngine = new Liquid(BASE)

/** The parts one channel's message is made of. */
export type EmailPart = 'subject' | 'html' | 'text'
export type TemplatePart = EmailPart | 'sms'

/** A host's e-mail template for one trigger and locale; parts left out use the default. */
export interface EmailTemplateOverride {
  subject?: string
  /** HTML with Liquid (not MJML: MJML is compiled at build time only). Output is HTML-escaped. */
  html?: string
  text?: string
}

/**
 * Host templates (Liquid strings) per trigger, channel and locale key. A locale key is a BCP 47
 * tag (`fr`, `pt-PT`, `en`): the customer's exact locale is tried first, then its language,
 * then the default-template locale it resolves to.
 * @example { delivered: { sms: { en: '{{ shop.name }}: delivered! {{ trackingUrl }}' } } }
 */
export type TemplateOverrides = Partial<
  Record<NotificationTrigger, { email?: Record<string, EmailTemplateOverride>; sms?: Record<string, string> }>
>

const OverridesSchema = z.partialRecord(
  z.enum(NOTIFICATION_TRIGGERS),
  z
    .object({
      email: z
        .record(
          z.string().min(2).max(35),
          z.object({ subject: z.string(), html: z.string(), text: z.string() }).partial().strict(),
        )
        .optional(),
      sms: z.record(z.string().min(2).max(35), z.string()).optional(),
    })
    .strict(),
)

const COMPILED = Symbol.for('wismo.compiledTemplates')

/** Host templates parsed once; pass to `renderNotification({ overrides })`. */
export interface CompiledTemplates {
  readonly [COMPILED]: true
  /** Template ids (`delivered.email.de.subject`) the host overrides. */
  readonly ids: readonly string[]
  get(id: string): Template[] | undefined
}

/**
 * Check and parse a host's template overrides, once, at configuration time. Throws
 * `CONFIG_INVALID` naming the template (`details.template`, e.g. `delivered.email.de.subject`)
 * on an unknown trigger or channel, a Liquid syntax error, or an unknown filter.
 * @example const templates = compileTemplates({ delivered: { sms: { en: '{{ shop.name }}: delivered {{ trackingUrl }}' } } })
 */
export function compileTemplates(overrides: TemplateOverrides = {}): CompiledTemplates {
  const shape = OverridesSchema.safeParse(overrides)
  if (!shape.success) {
    const issue = shape.error.issues[0]
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : []
    const template = [...(issue?.path ?? []), ...keys].join('.')
    throw new WismoError(
      'CONFIG_INVALID',
      `Template overrides are invalid at "${template}": ${issue?.message}`,
      {
        details: { template },
      },
    )
  }
  const parsed = new Map<string, Template[]>()
  for (const [trigger, channels] of Object.entries(shape.data)) {
    for (const [locale, parts] of Object.entries(channels?.email ?? {})) {
      for (const [part, source] of Object.entries(parts)) {
        const id = templateId(trigger, 'email', locale, part as EmailPart)
        parsed.set(id, parseOrThrow(part === 'html' ? htmlEngine : textEngine, source, id, 'CONFIG_INVALID'))
      }
    }
    for (const [locale, source] of Object.entries(channels?.sms ?? {})) {
      const id = templateId(trigger, 'sms', locale, 'sms')
      parsed.set(id, parseOrThrow(textEngine, source, id, 'CONFIG_INVALID'))
    }
  }
  return { [COMPILED]: true, ids: [...parsed.keys()], get: (id) => parsed.get(id) }
}

export function isCompiledTemplates(value: unknown): value is CompiledTemplates {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[COMPILED] === true
}

export function templateId(trigger: string, channel: string, locale: string, part: TemplatePart): string {
  return channel === 'sms' ? `${trigger}.sms.${locale}` : `${trigger}.${channel}.${locale}.${part}`
}

function parseOrThrow(engine: Liquid, source: string, id: string, code: 'CONFIG_INVALID' | 'INTERNAL') {
  try {
    return engine.parse(source)
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    throw new WismoError(code, `Template "${id}" is invalid: ${reason}`, {
      cause: e,
      details: { template: id },
    })
  }
}

const defaults = new Map<string, Template[]>()

/** A default template, assembled from the layout and the locale's copy and parsed on first use. */
export function defaultTemplate(trigger: NotificationTrigger, locale: TemplateLocale, part: TemplatePart) {
  const id = templateId(trigger, part === 'sms' ? 'sms' : 'email', locale, part)
  let parsed = defaults.get(id)
  if (!parsed) {
    const engine = part === 'html' ? htmlEngine : textEngine
    parsed = parseOrThrow(engine, defaultSource(trigger, locale, part), id, 'INTERNAL')
    defaults.set(id, parsed)
  }
  return parsed
}

/** The Liquid source of a default template (exported for previews and tests). */
export function defaultSource(
  trigger: NotificationTrigger,
  locale: TemplateLocale,
  part: TemplatePart,
): string {
  const copy = LOCALE_COPY[locale]
  const message = copy.messages[trigger]
  if (part === 'subject') return message.subject
  if (part === 'sms') return message.sms
  const slots: Record<string, string> = {
    ...copy.strings,
    subject: message.subject,
    preview: message.heading,
    heading: message.heading,
    intro: message.intro,
  }
  return (part === 'html' ? EMAIL_LAYOUT_HTML : TEXT_LAYOUT).replace(/@@([a-zA-Z.]+)@@/g, (marker, key) => {
    const value = slots[key]
    if (value === undefined)
      throw new WismoError('INTERNAL', `Template slot ${marker} has no copy in ${locale}`)
    return value
  })
}
