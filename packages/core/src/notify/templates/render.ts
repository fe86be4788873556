import type { Template } from 'liquidjs'
import { WismoError } from '../../errors.ts'
import { buildScope, type NotificationContext, parseContext, type TemplateScope } from './context.ts'
import {
  type CompiledTemplates,
  compileTemplates,
  defaultTemplate,
  htmlEngine,
  isCompiledTemplates,
  type TemplateOverrides,
  type TemplatePart,
  templateId,
  textEngine,
} from './engine.ts'
import { LOCALE_COPY } from './generated.ts'
import { isGsm7, type SmsEncoding, smsSegments, toGsm7 } from './gsm.ts'
import {
  languageOf,
  type NotificationTrigger,
  resolveTemplateLocale,
  type TemplateChannel,
  type TemplateLocale,
} from './triggers.ts'

export interface RenderNotificationInput<C extends TemplateChannel = TemplateChannel> {
  trigger: NotificationTrigger
  channel: C
  /** The customer's locale (BCP 47); default `context.customer.locale`. */
  locale?: string
  context: NotificationContext
  /** Host templates: the result of {@link compileTemplates} (preferred) or the raw overrides. */
  overrides?: CompiledTemplates | TemplateOverrides
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

export interface RenderedSms {
  text: string
  encoding: SmsEncoding
  segments: number
}

/**
 * Render one notification. E-mail: subject and text unescaped, HTML with every output escaped.
 * SMS: rendered, then fitted to one segment where it can be (see `fitSms` below).
 * Throws `INPUT_INVALID` for a context that does not validate.
 * @example
 * const { subject, html, text } = renderNotification({ trigger: 'delivered', channel: 'email', context })
 */
export function renderNotification(input: RenderNotificationInput<'email'>): RenderedEmail
export function renderNotification(input: RenderNotificationInput<'sms'>): RenderedSms
export function renderNotification(input: RenderNotificationInput): RenderedEmail | RenderedSms
export function renderNotification(input: RenderNotificationInput): RenderedEmail | RenderedSms {
  const context = parseContext(input.context)
  const locale = input.locale ?? context.customer.locale
  const templateLocale = resolveTemplateLocale(locale)
  const scope = buildScope(context, templateLocale)
  const pick = picker(input, locale, templateLocale)
  if (input.channel === 'sms') return fitSms(pick('sms'), scope, templateLocale)
  return {
    subject: oneLine(run(textEngine, pick('subject'), scope)),
    html: run(htmlEngine, pick('html'), scope),
    text: tidyText(run(textEngine, pick('text'), scope)),
  }
}

const compiledOverrides = new WeakMap<TemplateOverrides, CompiledTemplates>()

function picker(input: RenderNotificationInput, locale: string, templateLocale: TemplateLocale) {
  const overrides = toCompiled(input.overrides)
  const keys = [...new Set([locale, languageOf(locale), templateLocale])]
  return (part: TemplatePart): Template[] => {
    for (const key of keys) {
      const found = overrides?.get(templateId(input.trigger, input.channel, key, part))
      if (found) return found
    }
    return defaultTemplate(input.trigger, templateLocale, part)
  }
}

function toCompiled(overrides: RenderNotificationInput['overrides']): CompiledTemplates | undefined {
  if (!overrides || isCompiledTemplates(overrides)) return overrides
  let compiled = compiledOverrides.get(overrides)
  if (!compiled) {
    compiled = compileTemplates(overrides)
    compiledOverrides.set(overrides, compiled)
  }
  return compiled
}

function run(engine: typeof textEngine, template: Template[], scope: object): string {
  try {
    return engine.renderSync(template, scope)
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    throw new WismoError('INTERNAL', `Rendering a notification template failed: ${reason}`, { cause: e })
  }
}

/**
 * The `fitSms` step. Renders the SMS, tidies spaces and, when the text is not GSM-7, replaces
 * letters and punctuation outside GSM-7 by their base letter or look-alike (`ã` → `a`,
 * `–` → `-`; a text that still needs UCS-2 keeps its original spelling). While it is longer than
 * one segment it renders again: without the greeting (`sms.greeting`), then without the place
 * (`sms.place`), then with the shop name shortened. The tracking link is never cut; a text
 * that still does not fit is returned as it is, with its segment count.
 */
export function fitSms(template: Template[], scope: TemplateScope, locale: TemplateLocale): RenderedSms {
  const greeting = `${oneLine(run(textEngine, greetingTemplate(locale), scope))} `.trimStart()
  const attempts: TemplateScope[] = [
    { ...scope, sms: { ...scope.sms, greeting } },
    scope,
    { ...scope, sms: { greeting: '', place: null } },
  ]
  let best: RenderedSms | undefined
  for (const attempt of attempts) {
    const sms = measure(template, attempt)
    if (sms.segments <= 1) return sms
    // Shorter but still too long: keep the fuller text unless this one saves a segment.
    if (!best || sms.segments < best.segments) best = sms
  }
  const shortened = shortenShopName(template, attempts[2] as TemplateScope)
  return shortened && shortened.segments < (best as RenderedSms).segments ? shortened : (best as RenderedSms)
}

function shortenShopName(template: Template[], scope: TemplateScope): RenderedSms | null {
  const current = measure(template, scope)
  const over = smsSegments(current.text).units - (current.encoding === 'GSM-7' ? 160 : 70)
  const name = scope.shop.name
  const keep = name.length - over - 3
  if (keep < 8) return null
  return measure(template, { ...scope, shop: { ...scope.shop, name: `${name.slice(0, keep).trimEnd()}...` } })
}

function measure(template: Template[], scope: TemplateScope): RenderedSms {
  const raw = oneLine(run(textEngine, template, scope))
  const gsm = toGsm7(raw)
  const text = isGsm7(raw) || !isGsm7(gsm) ? raw : gsm
  const { encoding, segments } = smsSegments(text)
  return { text, encoding, segments }
}

const greetings = new Map<TemplateLocale, Template[]>()

function greetingTemplate(locale: TemplateLocale): Template[] {
  let parsed = greetings.get(locale)
  if (!parsed) {
    parsed = textEngine.parse(LOCALE_COPY[locale].strings['sms.greeting'])
    greetings.set(locale, parsed)
  }
  return parsed
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
