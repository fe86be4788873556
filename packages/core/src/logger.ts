import { redactString, redactValue, secretForms } from './redact.ts'

/**
 * A pino-compatible logger shape: `log.info({ shipmentId }, 'message')`. Pass pino itself, or
 * anything with these four methods.
 */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export const noopLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/** Each redacting logger's unwrapped base and secrets, so wrapping it again adds secrets, not a layer. */
const wrapped = new WeakMap<Logger, { base: Logger; secrets: readonly string[] }>()

/**
 * Wrap a logger so that secrets and customer contact details never reach it: values under
 * secret-like keys are replaced, e-mail addresses, phone numbers, URL passwords and bearer tokens
 * are masked wherever they appear, Error objects (with their `cause` and `details`) become plain
 * redacted objects, and any string listed in `secrets` is removed. `createWismo` and
 * `defineCarrier` wrap the loggers they are given; wrapping a redacting logger again returns one
 * that knows both sets of secrets over the same base (never two layers).
 * @example
 * const log = redactingLogger(pino(), { secrets: [process.env.UPS_CLIENT_SECRET!] })
 * log.error({ error }, 'poll failed') // error.message, .cause and .details are redacted too
 */
export function redactingLogger(base: Logger, options: { secrets?: readonly string[] } = {}): Logger {
  const inner = wrapped.get(base)
  const root = inner?.base ?? base
  const secrets = secretForms([...(inner?.secrets ?? []), ...(options.secrets ?? [])])
  if (inner && secrets.length === inner.secrets.length) return base
  if (root === noopLogger) return noopLogger
  const clean = (obj: object) => redactValue(obj, secrets) as object
  const text = (msg?: string) => (msg === undefined ? undefined : redactString(msg, secrets))
  const log: Logger = {
    debug: (obj, msg) => root.debug(clean(obj), text(msg)),
    info: (obj, msg) => root.info(clean(obj), text(msg)),
    warn: (obj, msg) => root.warn(clean(obj), text(msg)),
    error: (obj, msg) => root.error(clean(obj), text(msg)),
  }
  wrapped.set(log, { base: root, secrets })
  return log
}

/**
 * Mask e-mail addresses, phone numbers, URL passwords, bearer tokens and known secrets in a string
 * (for error texts Wismo stores, such as an outbox row's `lastError`).
 * @example redactText('550 mailbox ana@example.com full') // '550 mailbox [email] full'
 */
export function redactText(value: string, secrets: readonly string[] = []): string {
  return redactString(value, secretForms(secrets))
}

/** The levels of {@link consoleLogger}, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/**
 * A logger printing one JSON line per entry at `level` and above (demo and debugging), to stderr
 * unless `write` is given. It does not redact by itself: `createWismo` and carriers wrap it.
 * @example createWismo({ carriers, logger: consoleLogger('debug') })
 */
export function consoleLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => console.error(line),
): Logger {
  const min = LOG_LEVELS.indexOf(level)
  const at = (lvl: LogLevel) => (obj: object, msg?: string) => {
    if (LOG_LEVELS.indexOf(lvl) >= min) write(JSON.stringify({ level: lvl, msg, ...obj }))
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
