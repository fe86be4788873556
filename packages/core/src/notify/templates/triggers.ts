/**
 * What a customer can be told about, on which channel, in which languages.
 */

/**
 * Events the notification engine may tell a customer about: milestones, ETA signals, and
 * `feedback_request` (an invitation to rate a delivered shipment, sent a while after delivery).
 */
export const NOTIFICATION_TRIGGERS = [
  'info_received',
  'in_transit',
  'out_for_delivery',
  'attempt_failed',
  'available_for_pickup',
  'delivered',
  'exception',
  'returned',
  'eta_changed',
  'delayed',
  'stalled',
  'trending_late',
  'feedback_request',
] as const

export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number]

/** Channels with templates. The webhook channel sends JSON and has none. */
export const TEMPLATE_CHANNELS = ['email', 'sms'] as const
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number]

/** Locales the default templates are written in. */
export const TEMPLATE_LOCALES = ['en', 'es', 'de', 'pt-BR'] as const
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number]

/**
 * The default-template locale for a customer's locale: any Portuguese (`pt`, `pt-PT`, `pt-BR`)
 * gets `pt-BR`, any Spanish `es`, any German `de`, everything else `en`.
 * @example resolveTemplateLocale('es-MX') // 'es'
 */
export function resolveTemplateLocale(locale: string): TemplateLocale {
  const language = languageOf(locale)
  if (language === 'pt') return 'pt-BR'
  if (language === 'es' || language === 'de') return language
  return 'en'
}

/** The language subtag of a BCP 47 tag, lower case (`pt_BR` is read like `pt-BR`). */
export function languageOf(locale: string): string {
  return (locale.split(/[-_]/)[0] ?? '').toLowerCase()
}
