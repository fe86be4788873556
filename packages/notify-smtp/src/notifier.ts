import {
  defineNotifier,
  type Logger,
  type Notifier,
  type NotifierFactoryContext,
  type OutgoingMessage,
  type ParsedOutgoingMessage,
  type SendResult,
  WismoError,
} from '@wismo/core'
import nodemailer, { type NodemailerError, type SendMailOptions, type Transporter } from 'nodemailer'
import { domainOf, domainsOnly, type SmtpFailure, smtpError } from './errors.ts'
import { tagHeaders } from './headers.ts'
import { messageIdFor } from './message-id.ts'
import {
  addressDomain,
  type ResolvedSmtpOptions,
  type SmtpNotifierOptions,
  SmtpNotifierOptionsSchema,
} from './options.ts'

/** An SMTP notifier: a Wismo `Notifier` plus `close()` for its open connections. */
export interface SmtpNotifier extends Notifier {
  /**
   * Send one e-mail. Takes the message as callers write it (`tags` optional): `defineNotifier`
   * validates it and fills the defaults before the SMTP code sees it.
   */
  send(message: OutgoingMessage): Promise<SendResult>
  /** Close the transport's connections (a pooled transport keeps them open until then). */
  close(): Promise<void>
}

/** What a successful `sendMail` resolves with, as far as this package reads it. */
interface SentInfo {
  messageId?: string
  serverMessageId?: string
  response?: string
  rejected?: unknown[]
  rejectedErrors?: NodemailerError[]
}

const defineSmtp = defineNotifier({
  id: 'smtp',
  name: 'SMTP',
  options: SmtpNotifierOptionsSchema,
  // The whole `auth` object: the user name is often a key too (Postmark's server token, SendGrid's `apikey`).
  secrets: ['auth'],
  capabilities: { channels: ['email'], idempotencyKeys: false, deliveryEvents: false },
  setup: (options, { log }) => {
    const transport = nodemailer.createTransport(transportOptions(options))
    const domain = options.messageIdDomain ?? addressDomain(options.from) ?? 'localhost'
    return {
      send: (message) => sendOne(transport, options, domain, log, message),
      close: async () => transport.close(),
    }
  },
})

function transportOptions(o: ResolvedSmtpOptions) {
  return {
    host: o.host,
    port: o.port ?? (o.secure ? 465 : 587),
    secure: o.secure,
    requireTLS: !o.secure && o.requireTLS,
    ...(o.auth ? { auth: { user: o.auth.user, pass: o.auth.pass } } : {}),
    ...(o.clientName ? { name: o.clientName } : {}),
    connectionTimeout: o.connectionTimeoutMs,
    greetingTimeout: o.greetingTimeoutMs,
    socketTimeout: o.socketTimeoutMs,
    ...(o.pool
      ? { pool: true as const, maxConnections: o.pool.maxConnections, maxMessages: o.pool.maxMessages }
      : {}),
    // Wismo logs through its own redacting logger; nodemailer's logger would print addresses.
    logger: false,
    debug: false,
  }
}

/**
 * The nodemailer message for `m`: multipart/alternative when there is HTML, the derived
 * `Message-ID`, tags as `X-Wismo-*` headers. Exported to preview what a send would hand over.
 * @example composeMail({ from: 'orders@shop.example' }, 'shop.example', parsedMessage).messageId
 */
export function composeMail(
  options: Pick<ResolvedSmtpOptions, 'from' | 'replyTo'>,
  messageIdDomain: string,
  m: ParsedOutgoingMessage,
): SendMailOptions {
  return {
    from: options.from,
    ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    to: m.to,
    subject: m.subject ?? '',
    text: m.text,
    ...(m.html !== undefined ? { html: m.html } : {}),
    messageId: messageIdFor(m.idempotencyKey, messageIdDomain),
    headers: tagHeaders(m.tags),
    // Never fetch files or URLs named in a rendered template.
    disableFileAccess: true,
    disableUrlAccess: true,
  }
}

async function sendOne(
  transport: Transporter,
  options: ResolvedSmtpOptions,
  messageIdDomain: string,
  log: Logger,
  m: ParsedOutgoingMessage,
): Promise<SendResult> {
  if (addressDomain(m.to) === null)
    throw new WismoError('INPUT_INVALID', 'message.to is not one e-mail address', {
      details: { field: 'to' },
    })
  const mail = composeMail(options, messageIdDomain, m)
  let info: SentInfo
  try {
    info = (await transport.sendMail(mail)) as SentInfo
  } catch (e) {
    throw smtpError(e as SmtpFailure, m.to)
  }
  // One recipient per message, so a partial rejection cannot happen; checked anyway.
  const refused = info.rejectedErrors?.[0]
  if ((info.rejected?.length ?? 0) > 0) throw smtpError(refused ?? { code: 'EENVELOPE' }, m.to)
  const messageId = info.serverMessageId ?? info.messageId ?? (mail.messageId as string)
  log.debug(
    {
      notifier: 'smtp',
      messageId,
      recipientDomain: domainOf(m.to),
      reply: info.response ? domainsOnly(info.response) : null,
    },
    'smtp message accepted',
  )
  return { providerMessageId: messageId }
}

/**
 * E-mail over SMTP with nodemailer (id `'smtp'`, channel `email`). Each message is
 * multipart/alternative (text and HTML) with a `Message-ID` derived from its idempotency key,
 * so a resend carries the same id; SMTP itself has no idempotency, and no delivery events.
 * @example
 * const smtp = smtpNotifier({
 *   host: 'smtp.example.com',
 *   auth: { user: process.env.SMTP_USER!, pass: process.env.SMTP_PASS! },
 *   from: 'Shop <orders@shop.example>',
 * })
 * await smtp.send({ idempotencyKey: 'order-1:delivered', channel: 'email', to: 'ana@example.com', subject: 'Delivered', text: 'Your parcel arrived.' })
 */
export function smtpNotifier(options: SmtpNotifierOptions, context?: NotifierFactoryContext): SmtpNotifier {
  // defineNotifier keeps the extra `close` method as is; the cast only restores its type.
  return defineSmtp(options, context) as SmtpNotifier
}
