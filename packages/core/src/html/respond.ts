type HeaderRecord = Record<string, string>

/**
 * Options of {@link pageResponses}.
 * @example const options: PageResponsesOptions = { imageSources: ['https:', 'data:'] }
 */
export interface PageResponsesOptions {
  /** The CSP's `img-src`: `['data:']` unless given (add `'https:'` for images from other hosts). */
  imageSources?: readonly string[]
}

/**
 * Answers of a server-rendered page, all with {@link pageHeaders}: HTML, JSON, bodiless, redirect.
 * @example const answer: Response = pageResponses().html('<!doctype html><title>Orders</title>')
 */
export interface PageResponses {
  html(body: string, status?: number, headers?: HeaderRecord): Response
  json(body: unknown, status?: number, headers?: HeaderRecord): Response
  /** A bodiless answer (a 404 outside the page's path, a 405 with `allow`). */
  empty(status: number, headers?: HeaderRecord): Response
  /** 303 See Other: after a form post, the browser loads `location` with GET. */
  redirect(location: string): Response
}

/** The CSP directives: no script at all, inline styles, forms to this origin only, never framed. */
const CSP: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['style-src', "'unsafe-inline'"],
  ['img-src', 'data:'],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
  ['base-uri', "'none'"],
]

/**
 * Headers for every answer of a page: private and never stored, never framed, never indexed, no
 * script, no referrer (an order or shipment id in the URL stays on this host).
 * @example new Response(null, { status: 404, headers: pageHeaders() })
 */
export function pageHeaders(options: PageResponsesOptions = {}): Readonly<HeaderRecord> {
  const images = options.imageSources?.join(' ')
  const policy = CSP.map(([name, value]) => `${name} ${name === 'img-src' && images ? images : value}`)
  return {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'x-robots-tag': 'noindex, nofollow',
    'content-security-policy': policy.join('; '),
  }
}

/**
 * The answers a server-rendered page sends, each with {@link pageHeaders}; `headers` given to one
 * answer are added last (they may override).
 * @example
 * const page = pageResponses({ imageSources: ['https:', 'data:'] })
 * const answer: Response = page.redirect('/track/A-1001?saved=preferences')
 */
export function pageResponses(options: PageResponsesOptions = {}): PageResponses {
  const secure = pageHeaders(options)
  const typed = (type: string, headers: HeaderRecord) => ({ 'content-type': type, ...secure, ...headers })
  return {
    html: (body, status = 200, headers = {}) =>
      new Response(body, { status, headers: typed('text/html; charset=utf-8', headers) }),
    json: (body, status = 200, headers = {}) =>
      new Response(JSON.stringify(body), {
        status,
        headers: typed('application/json; charset=utf-8', headers),
      }),
    empty: (status, headers = {}) => new Response(null, { status, headers: { ...secure, ...headers } }),
    redirect: (location) => new Response(null, { status: 303, headers: { location, ...secure } }),
  }
}
