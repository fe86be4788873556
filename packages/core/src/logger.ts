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

const SECRET_KEY = /secret|token|password|passwd|api[-_]?key|authorization|signature|credential|cookie/i
const CONTACT_KEY = /^(email|phone|to|from|recipient|mobile)$/i
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const PHONE = /\+\d[\d ().-]{6,}\d|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b/g

/**
 * Wrap a logger so that secrets and customer contact details never reach it: values under
 * secret-like keys are replaced, e-mail addresses and phone numbers are masked wherever they
 * appear, and any string listed in `secrets` is removed.
 * @example const log = redactingLogger(pino(), { secrets: [apiKey] })
 */
export function redactingLogger(base: Logger, options: { secrets?: readonly string[] } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4)
  const clean = (obj: object) => redact(obj, secrets, 0) as object
  const text = (msg?: string) => (msg === undefined ? undefined : redactText(msg, secrets))
  return {
    debug: (obj, msg) => base.debug(clean(obj), text(msg)),
    info: (obj, msg) => base.info(clean(obj), text(msg)),
    warn: (obj, msg) => base.warn(clean(obj), text(msg)),
    error: (obj, msg) => base.error(clean(obj), text(msg)),
  }
}

/** Mask e-mail addresses, phone numbers and known secrets in a string. */
export function redactText(value: string, secrets: readonly string[] = []): string {
  let out = value.replace(EMAIL, '[email]').replace(PHONE, '[phone]')
  for (const secret of secrets) out = out.split(secret).join('[redacted]')
  return out
}

function redact(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets)
  if (value instanceof Error) return { name: value.name, message: redactText(value.message, secrets) }
  if (typeof value !== 'object' || value === null) return value
  if (depth > 6) return '[deep]'
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]'
    else if (CONTACT_KEY.test(key) && typeof v === 'string') out[key] = '[contact]'
    else out[key] = redact(v, secrets, depth + 1)
  }
  return out
}

/** A logger printing one JSON line per entry to the console (demo and debugging). */
export function consoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const
  const min = order.indexOf(level)
  const write = (lvl: (typeof order)[number]) => (obj: object, msg?: string) => {
    if (order.indexOf(lvl) >= min) console.error(JSON.stringify({ level: lvl, msg, ...obj }))
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}
