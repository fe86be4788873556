import { WismoError, type WismoErrorCode } from '@wismo/core'

/** The fields of a nodemailer error this package reads (nodemailer's `NodemailerError`). */
export interface SmtpFailure {
  code?: string | undefined
  responseCode?: number | undefined
  response?: string | undefined
  command?: string | undefined
  timeoutType?: string | undefined
  originalCode?: string | undefined
  message?: string | undefined
}

/** One row of {@link SMTP_ERROR_RULES}. */
export interface SmtpErrorRule {
  when: (f: SmtpFailure) => boolean
  code: WismoErrorCode
  retryable?: boolean
  says: string
}

/** Node's TLS verification codes: `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`… */
const CERT_PROBLEM = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/

const reply = (f: SmtpFailure, from: number, to: number) =>
  f.responseCode !== undefined && f.responseCode >= from && f.responseCode <= to
const codeIn =
  (...codes: string[]) =>
  (f: SmtpFailure) =>
    f.code !== undefined && codes.includes(f.code)

/**
 * SMTP outcomes → Wismo codes, first match wins. A 4yz reply decides before nodemailer's error
 * type (`EAUTH` with 454 is a temporary failure, `EENVELOPE` with 452 a full mailbox); a
 * refused STARTTLS before the 5yz rules, since the message itself was never offered.
 * @example SMTP_ERROR_RULES.find((r) => r.when({ responseCode: 452 }))?.code // 'NOTIFY_UNAVAILABLE'
 */
export const SMTP_ERROR_RULES: readonly SmtpErrorRule[] = [
  // 4yz: transient (RFC 5321 §4.2.1) — 421 closing, 450/451 try later, 452 storage, 454 TLS/auth
  { when: (f) => reply(f, 400, 499), code: 'NOTIFY_UNAVAILABLE', says: 'answered a temporary failure' },
  // STARTTLS missing or failed while requireTLS is on (a 5xx to STARTTLS too): a setup problem, not worth retrying
  {
    when: codeIn('ETLS', 'EREQUIRETLS'),
    code: 'NOTIFY_FAILED',
    retryable: false,
    says: 'offered no usable TLS',
  },
  // The server's certificate was not trusted (expired, self-signed, wrong name): fix the setup, don't retry
  {
    when: (f) => CERT_PROBLEM.test(f.originalCode ?? ''),
    code: 'NOTIFY_FAILED',
    retryable: false,
    says: 'presented a TLS certificate that is not trusted',
  },
  // 530 auth required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required
  {
    when: (f) =>
      [530, 534, 535, 538].includes(f.responseCode ?? 0) || codeIn('EAUTH', 'ENOAUTH', 'EOAUTH2')(f),
    code: 'NOTIFY_AUTH_FAILED',
    says: 'refused the credentials',
  },
  // 503 bad sequence: the session was out of step, not the message refused (nodemailer: not permanent)
  { when: (f) => f.responseCode === 503, code: 'NOTIFY_UNAVAILABLE', says: 'lost the command sequence' },
  { when: (f) => reply(f, 500, 599), code: 'NOTIFY_REQUEST_REJECTED', says: 'refused the message' },
  { when: codeIn('ETIMEDOUT'), code: 'NOTIFY_TIMEOUT', says: 'did not answer in time' },
  {
    when: codeIn('ECONNECTION', 'ESOCKET', 'EDNS', 'EPROXY', 'EPROTOCOL'),
    code: 'NOTIFY_NETWORK_ERROR',
    says: 'could not be reached',
  },
  { when: codeIn('EENVELOPE', 'EMESSAGE'), code: 'NOTIFY_REQUEST_REJECTED', says: 'refused the message' },
]

const ADDRESS = /(?:"[^"\r\n]*"|[^\s<>"'(),;:]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\[[^\]\s]+\])/g
const ENHANCED = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/

/**
 * Text with every e-mail address reduced to its domain.
 * @example domainsOnly('550 <ana@example.com> unknown') // '550 <*@example.com> unknown'
 */
export function domainsOnly(text: string): string {
  return text.replace(ADDRESS, (_m, domain: string) => `*@${domain}`)
}

/**
 * The domain of an address, lower-cased (`null` when there is none).
 * @example domainOf('Ana@Example.com') // 'example.com'
 */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@')
  return at < 0 ? null : address.slice(at + 1).toLowerCase() || null
}

/**
 * A nodemailer failure as a coded `WismoError`. Details name the SMTP reply code, its enhanced
 * status, the command and the recipient's domain; no full address reaches the error.
 * @example smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'ana@example.com').code // 'NOTIFY_REQUEST_REJECTED'
 */
export function smtpError(failure: SmtpFailure, recipient: string): WismoError {
  const rule = SMTP_ERROR_RULES.find((r) => r.when(failure))
  const code = rule?.code ?? 'NOTIFY_FAILED'
  const domain = domainOf(recipient)
  const smtpCode = failure.responseCode ?? null
  const where = failure.command ? ` at ${failure.command}` : ''
  const shown = smtpCode
    ? ` (${smtpCode}${enhanced(failure) ? ` ${enhanced(failure)}` : ''})`
    : ` (${failure.code ?? 'unknown'})`
  const message = `SMTP server ${rule?.says ?? 'failed'}${shown}${where} for a recipient at ${domain ?? 'an unknown domain'}`
  const cause = Object.assign(new Error(domainsOnly(failure.message ?? '')), { code: failure.code })
  return new WismoError(code, message, {
    cause,
    ...(rule?.retryable !== undefined ? { retryable: rule.retryable } : {}),
    details: {
      smtpCode,
      enhancedStatus: enhanced(failure),
      command: failure.command ?? null,
      nodemailerCode: failure.code ?? null,
      ...(failure.timeoutType ? { timeoutType: failure.timeoutType } : {}),
      ...(failure.originalCode ? { socketCode: failure.originalCode } : {}),
      recipientDomain: domain,
      ...(failure.response ? { reply: domainsOnly(failure.response) } : {}),
    },
  })
}

const enhanced = (f: SmtpFailure): string | null =>
  f.response ? (ENHANCED.exec(f.response)?.[1] ?? null) : null
