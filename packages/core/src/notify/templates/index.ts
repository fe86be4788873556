export {
  type NotificationContext,
  NotificationContextSchema,
  statusWords,
  type TemplateScope,
} from './context.ts'
export {
  type CompiledTemplates,
  compileTemplates,
  defaultSource,
  type EmailTemplateOverride,
  type TemplateOverrides,
} from './engine.ts'
export { type EtaWindowInput, type EtaWindowOptions, formatEtaWindow, formatScanTime } from './format.ts'
export { isGsm7, type SmsCount, type SmsEncoding, smsSegments, toGsm7 } from './gsm.ts'
export { toE164 } from './phone.ts'
export {
  type RenderedEmail,
  type RenderedSms,
  type RenderNotificationInput,
  renderNotification,
} from './render.ts'
export {
  NOTIFICATION_TRIGGERS,
  type NotificationTrigger,
  resolveTemplateLocale,
  TEMPLATE_CHANNELS,
  TEMPLATE_LOCALES,
  type TemplateChannel,
  type TemplateLocale,
} from './triggers.ts'
