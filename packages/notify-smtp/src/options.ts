import { z } from 'zod'

/** `orders@shop.example` or `Shop <orders@shop.example>`: the address part, for checks and the Message-ID domain. */
const ADDRESS = /^(?:[^<>]*<)?([^\s<>@]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\[[0-9.:a-fA-F]+\]))>?$/

/**
 * The domain of an address as accepted by {@link SmtpNotifierOptionsSchema}'s `from` (`null`: not one address).
 * @example addressDomain('Shop <orders@Shop.Example>') // 'shop.example'
 */
export function addressDomain(value: string): string | null {
  return ADDRESS.exec(value.trim())?.[2]?.toLowerCase() ?? null
}

const Address = z
  .string()
  .trim()
  .max(320)
  .refine((v) => addressDomain(v) !== null, 'expected user@domain or Name <user@domain>')

const Timeout = z.number().int().min(1).max(600_000)

/** Options of {@link smtpNotifier}. */
export const SmtpNotifierOptionsSchema = z
  .object({
    /** The submission server, e.g. `smtp.postmarkapp.com`, `email-smtp.eu-west-1.amazonaws.com`. */
    host: z.string().trim().min(1).max(253),
    /** Default 465 with `secure`, else 587 (submission with STARTTLS). */
    port: z.number().int().min(1).max(65_535).optional(),
    /** TLS from the first byte (port 465). `false`: plain connection upgraded by STARTTLS. */
    secure: z.boolean().default(false),
    /**
     * Refuse to send (and to log in) unless the connection is upgraded by STARTTLS. On by
     * default so a password never crosses the network in clear; turn off only for a relay on
     * loopback or a private network.
     */
    requireTLS: z.boolean().default(true),
    /** SMTP AUTH credentials; omit for a relay that needs none. */
    auth: z
      .object({ user: z.string().min(1).max(500), pass: z.string().min(1).max(2000) })
      .strict()
      .optional(),
    /** The `From` header and envelope sender: `orders@shop.example` or `Shop <orders@shop.example>`. */
    from: Address,
    /** Optional `Reply-To`. */
    replyTo: Address.optional(),
    /** Domain of the derived `Message-ID` (default: the `from` address's domain). */
    messageIdDomain: z
      .string()
      .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'expected a domain such as shop.example')
      .optional(),
    /** Host name announced in EHLO (default: nodemailer's, the machine's name). */
    clientName: z.string().min(1).max(253).optional(),
    /** Waiting for the TCP (or TLS) connection. nodemailer's own default is 2 minutes. */
    connectionTimeoutMs: Timeout.default(10_000),
    /** Waiting for the server's 220 greeting once connected. nodemailer's own default is 30 s. */
    greetingTimeoutMs: Timeout.default(10_000),
    /** Silence allowed on an open connection, e.g. the reply to the end of DATA. nodemailer's default is 10 minutes. */
    socketTimeoutMs: Timeout.default(60_000),
    /**
     * Keep connections open and reuse them (nodemailer's pool). Off by default: one connection
     * per message suits an outbox that sends a few messages a minute; turn it on for bursts,
     * and call `close()` on shutdown.
     */
    pool: z
      .object({
        /** Connections open at once (default 5). */
        maxConnections: z.number().int().min(1).max(100).default(5),
        /** Messages per connection before it is replaced (default 100). */
        maxMessages: z.number().int().min(1).max(100_000).default(100),
      })
      .strict()
      .optional(),
  })
  .strict()

/** Options as passed to {@link smtpNotifier}. */
export type SmtpNotifierOptions = z.input<typeof SmtpNotifierOptionsSchema>
/** Options after validation and defaults. */
export type ResolvedSmtpOptions = z.output<typeof SmtpNotifierOptionsSchema>
