import { createHash, createHmac } from 'node:crypto'
import { timingSafeEqual } from '@wismo/core'

/**
 * Twilio's `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, URL + every POST parameter as
 * name + value, names in code-unit order; a repeated name's values de-duplicated and sorted)).
 * @example
 * twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', { To: '+18005551212' })
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string | readonly string[]>>,
): string {
  let data = url
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? ''
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort()
    for (const v of values) data += name + v
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64')
}

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80' }

/** The URL written out with an explicit port (`port`), or with none (`null`). */
function withPort(u: URL, port: string | null, search = u.search): string {
  const user = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : ''
  return `${u.protocol}//${user}${u.hostname}${port ? `:${port}` : ''}${u.pathname}${search}`
}

/**
 * The URLs Twilio may have signed for one callback URL: as given, without the port, with the
 * scheme's default port, and each with its query re-encoded the way older SDKs wrote it. Twilio
 * does not say which form it signed, so its own SDK tries them all.
 */
export function candidateUrls(url: string): string[] {
  const u = new URL(url)
  const def = DEFAULT_PORTS[u.protocol] ?? null
  const ports = u.port ? [u.port, null] : [null, def]
  const searches = [u.search]
  if (u.search) {
    const legacy = new URLSearchParams(u.search).toString()
    searches.push(legacy ? `?${legacy}` : '')
  }
  const urls = [url]
  for (const search of searches) for (const port of ports) urls.push(withPort(u, port, search))
  return [...new Set(urls)]
}

/** Form parameters as Twilio signs them: name → value, or every value of a repeated name. */
export function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {}
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name]
    if (seen === undefined) params[name] = value
    else params[name] = typeof seen === 'string' ? [seen, value] : [...seen, value]
  }
  return params
}

/** Hex SHA-256 of a JSON body, as Twilio puts it in `bodySHA256` for JSON webhooks. */
export function bodySha256(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex')
}

/** Constant-time comparison of two base64 signatures (lengths differ → false, same work). */
export function sameSignature(expected: string, presented: string): boolean {
  const enc = new TextEncoder()
  return timingSafeEqual(enc.encode(expected), enc.encode(presented))
}

/**
 * True when `signature` is Twilio's for this request under `authToken`: the URL in any of the
 * forms Twilio may have signed; form parameters, or for a JSON body (`bodySHA256` in the query)
 * no parameters plus a matching body hash.
 * @example
 * isValidTwilioSignature({ authToken, signature, url, body })
 */
export function isValidTwilioSignature(input: {
  authToken: string
  signature: string
  url: string
  body: Uint8Array
}): boolean {
  const hash = new URL(input.url).searchParams.get('bodySHA256')
  let params: Record<string, string | string[]> = {}
  if (hash !== null) {
    if (!sameSignature(bodySha256(input.body), hash.toLowerCase())) return false
  } else params = formParams(new TextDecoder().decode(input.body))
  let ok = false
  // Every candidate is computed and compared, so timing says nothing about which one matched.
  for (const url of candidateUrls(input.url))
    ok = sameSignature(twilioSignature(input.authToken, url, params), input.signature) || ok
  return ok
}
