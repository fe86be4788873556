export { domainsOnly, SMTP_ERROR_RULES, type SmtpErrorRule, type SmtpFailure, smtpError } from './errors.ts'
export { isNonPersonalTag, tagHeaderName, tagHeaders } from './headers.ts'
export { messageIdFor } from './message-id.ts'
export { composeMail, type SmtpNotifier, smtpNotifier } from './notifier.ts'
export {
  addressDomain,
  type ResolvedSmtpOptions,
  type SmtpNotifierOptions,
  SmtpNotifierOptionsSchema,
} from './options.ts'
