/**
 * The one redactor behind everything Wismo logs or stores as an error text: secret-named fields,
 * secrets given by value, customer contact details, passwords in URLs, bearer tokens. Internal:
 * hosts use it through `redactingLogger` and `redactText` (logger.ts).
 */

export const REDACTED = '[redacted]'

const SECRET_KEY = /secret|token|password|passwd|api[-_]?key|authorization|signature|credential|cookie/i
/** Metadata about a secret, not the secret: `{ secretIndex: 1 }` stays readable. */
const SECRET_METADATA_KEY = /(Index|Count|Length|Version)$/
/** Keys whose string values are contact details whatever they look like. */
const CONTACT_KEY = /^(e-?mail|email_?address|phone|phone_?number|mobile|sms|recipients?|cc|bcc)$/i
/** Keys that hold a contact only sometimes (`from: 'in_transit'` is a status): masked when it looks like one. */
const MAYBE_CONTACT_KEY = /^(to|from|reply_?to)$/i
const LOOKS_LIKE_CONTACT = /@|(\d\D*){6,}/
const SECRET_PARAM = /secret|token|password|passwd|pwd|api[-_]?key|^key$|signature|^sig$|credential|auth/i
const MAX_DEPTH = 8

/** Text rules, applied in order: data, so a new leak pattern is one row. */
const TEXT_RULES: readonly (readonly [RegExp, string | ((...m: string[]) => string)])[] = [
  // scheme://user:password@host (database URLs, proxies)
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/?#@]+@/gi, `$1:${REDACTED}@`],
  // ?password=…, &api_key=…, &sig=… in URLs and query strings
  [
    /([?&;])([^=&;\s#"']+)=([^&;\s#"']*)/g,
    (m, sep, key, value) => (SECRET_PARAM.test(key) && value ? `${sep}${key}=${REDACTED}` : m),
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/g, `$1 ${REDACTED}`],
  // Standard Webhooks secrets, whoever's they are
  [/\bwhsec_[A-Za-z0-9+/]+=*/g, REDACTED],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\+\d[\d ().-]{6,}\d|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b/g, '[phone]'],
]

/** True for a key whose value is a secret (`apiKey`, `webhookSecrets`, `Authorization`, …). */
export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key)

/** Mask known secrets first (they may contain `@` or digits), then the text rules. */
export function redactString(value: string, secrets: readonly string[]): string {
  let out = value
  for (const secret of secrets) out = out.split(secret).join(REDACTED)
  for (const [pattern, replacement] of TEXT_RULES)
    out =
      typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement)
  return out
}

/**
 * The forms a secret can show up in: as given, URL-encoded, and a Standard Webhooks secret
 * without its `whsec_` prefix. Short strings are dropped: masking "abc" everywhere hides nothing.
 */
export function secretForms(secrets: Iterable<string>): string[] {
  const out = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < 4) continue
    out.add(secret)
    out.add(encodeURIComponent(secret))
    if (secret.startsWith('whsec_') && secret.length > 10) out.add(secret.slice(6))
  }
  // Longest first, so a secret containing another is masked whole.
  return [...out].sort((a, b) => b.length - a.length)
}

/** A copy of `value` safe to log: see {@link redactString} and the key rules above. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  return walk(value, { secrets, seen: new WeakSet() }, 0)
}

interface Walk {
  secrets: readonly string[]
  seen: WeakSet<object>
}

function walk(value: unknown, ctx: Walk, depth: number): unknown {
  if (typeof value === 'string') return redactString(value, ctx.secrets)
  if (typeof value !== 'object' || value === null) return value
  if (depth > MAX_DEPTH) return '[deep]'
  if (ctx.seen.has(value)) return '[circular]'
  ctx.seen.add(value)
  const out = walkObject(value, ctx, depth)
  ctx.seen.delete(value) // only ancestors count: an object met twice side by side is not a cycle
  return out
}

function walkObject(value: object, ctx: Walk, depth: number): unknown {
  if (value instanceof Error) return walkError(value, ctx, depth)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof URL) return redactString(value.href, ctx.secrets)
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`
  if (typeof Headers !== 'undefined' && value instanceof Headers)
    return walkEntries(Object.fromEntries(value), ctx, depth)
  if (typeof Request !== 'undefined' && value instanceof Request)
    return { method: value.method, url: redactString(value.url, ctx.secrets) }
  if (Array.isArray(value)) return value.map((v) => walk(v, ctx, depth + 1))
  return walkEntries(value, ctx, depth)
}

function walkEntries(value: object, ctx: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) out[key] = walkField(key, v, ctx, depth)
  return out
}

function walkField(key: string, value: unknown, ctx: Walk, depth: number): unknown {
  if (SECRET_KEY.test(key) && !(SECRET_METADATA_KEY.test(key) && typeof value === 'number'))
    return value === undefined || value === null ? value : REDACTED
  if (CONTACT_KEY.test(key)) return maskContacts(value, () => true)
  if (MAYBE_CONTACT_KEY.test(key)) {
    const masked = maskContacts(value, (s) => LOOKS_LIKE_CONTACT.test(s))
    if (masked !== value) return masked
  }
  return walk(value, ctx, depth + 1)
}

/** Strings (or arrays of strings) that pass `test` become `[contact]`; anything else is returned as is. */
function maskContacts(value: unknown, test: (s: string) => boolean): unknown {
  if (typeof value === 'string') return test(value) ? '[contact]' : value
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return value.some(test) ? value.map((v) => (test(v) ? '[contact]' : v)) : value
  return value
}

/** An Error as a plain object: name, message, own fields (code, details, …), stack and cause, all redacted. */
function walkError(error: Error, ctx: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: error.name,
    message: redactString(String(error.message), ctx.secrets),
  }
  for (const [key, v] of Object.entries(error)) out[key] = walkField(key, v, ctx, depth)
  if (typeof error.stack === 'string') out.stack = redactString(error.stack, ctx.secrets)
  if (error.cause !== undefined && !('cause' in out)) out.cause = walk(error.cause, ctx, depth + 1)
  if (error instanceof AggregateError) out.errors = walk(error.errors, ctx, depth + 1)
  return out
}

/**
 * Every string held in `options` under a secret: under a key listed in `keys` or a secret-like
 * key at any depth (`webhookSecrets: ['new', 'old']`, `credentials: { clientSecret }`).
 */
export function collectSecrets(options: unknown, keys: readonly string[] = []): string[] {
  const out: string[] = []
  const visit = (value: unknown, secret: boolean, depth: number): void => {
    if (typeof value === 'string') {
      if (secret) out.push(value)
      return
    }
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return
    if (Array.isArray(value)) for (const v of value) visit(v, secret, depth + 1)
    else if (isPlainObject(value))
      for (const [k, v] of Object.entries(value))
        visit(v, secret || SECRET_KEY.test(k) || (depth === 0 && keys.includes(k)), depth + 1)
  }
  visit(options, false, 0)
  return out
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** Secrets of each carrier instance, so the Wismo instance's logger masks them too. */
const carrierSecrets = new WeakMap<object, readonly string[]>()

export function rememberSecrets(owner: object, secrets: readonly string[]): void {
  if (secrets.length) carrierSecrets.set(owner, secrets)
}

export function secretsOf(owners: Iterable<object>): string[] {
  return [...owners].flatMap((o) => carrierSecrets.get(o) ?? [])
}
