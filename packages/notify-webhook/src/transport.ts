import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { rootCertificates } from 'node:tls'
import { isWismoError } from '@wismo/core'
import { isPrivateAddress, privateDestination } from './network.ts'

/** Most bytes of a receiver's answer kept; the rest is dropped (a receiver may be hostile). */
export const MAX_RESPONSE_BYTES = 64 * 1024

/**
 * A request header the notifier sets on requests to a destination allowed on a private network
 * (an endpoint with `privateNetwork: true`); the transport removes it before sending.
 */
export const PRIVATE_NETWORK_MARK = 'x-wismo-private-network'

/** Read at each request: `allowPrivateNetworks` is known once the options are validated. */
export interface TransportPolicy {
  allowPrivateNetworks: boolean
  /** Extra trusted CA certificates (PEM) for https, added to the system's. */
  ca?: readonly string[] | undefined
}

/**
 * The `fetch` the notifier's HTTP client uses. It never follows redirects (a 3xx is a failed
 * delivery, as Standard Webhooks asks, and a redirect could point inside the network), reads at
 * most {@link MAX_RESPONSE_BYTES}, drops the body of a 2xx (any 2xx is success, whatever it
 * says), and, on Node's own sockets, refuses a host name that resolves to a private address at
 * connection time, so DNS cannot answer differently between a check and the connection. A
 * `custom` fetch (tests, an egress proxy) replaces the sockets and so owns that check.
 */
export function guardedFetch(policy: TransportPolicy, custom?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, { ...init, redirect: 'manual' })
    const allowPrivate = policy.allowPrivateNetworks || request.headers.get(PRIVATE_NETWORK_MARK) === '1'
    request.headers.delete(PRIVATE_NETWORK_MARK)
    const response = custom ? await custom(request) : await nodeFetch(request, allowPrivate, policy.ca)
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => {})
      return new Response(null, { status: response.status, headers: response.headers })
    }
    return response
  }
}

/** One request on `node:http(s)`, with the address check in the socket's DNS lookup. */
async function nodeFetch(request: Request, allowPrivate: boolean, ca?: readonly string[]): Promise<Response> {
  const url = new URL(request.url)
  const body = Buffer.from(await request.arrayBuffer())
  const headers = Object.fromEntries(request.headers)
  headers['content-length'] = String(body.length)
  const make = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<Response>((resolve, reject) => {
    const req = make(url, {
      method: request.method,
      headers,
      signal: request.signal,
      lookup: allowPrivate ? undefined : publicLookup(url.origin),
      // Certificates are always verified; `ca` only adds trust anchors to the system's.
      ...(ca?.length && url.protocol === 'https:' ? { ca: [...rootCertificates, ...ca] } : {}),
    })
    req.on('error', (e) => reject(networkError(e, request.signal)))
    req.on('response', (res) => {
      readCapped(res)
        .then((bytes) => resolve(toResponse(res, bytes)))
        .catch((e: unknown) => reject(networkError(e, request.signal)))
    })
    req.end(body)
  })
}

/** `dns.lookup`'s shape, as the guard calls it (injectable for tests). */
export type Resolver = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void

/**
 * A socket `lookup` that fails with `NOTIFY_REQUEST_REJECTED` when any address the name resolves
 * to is private: the connection then uses exactly the addresses that were checked.
 */
export function publicLookup(origin: string, resolve: Resolver = dnsLookup as Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, address, family) => {
      if (error) return callback(error, '', 0)
      const list = Array.isArray(address) ? address : [{ address, family: family ?? 4 }]
      const bad = list.find((a) => isPrivateAddress(a.address))
      if (bad) return callback(privateDestination(origin, bad.address) as never, '', 0)
      ;(callback as (e: null, a: unknown, f?: number) => void)(null, address, family)
    })
  }
}

function readCapped(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    res.on('data', (chunk: Buffer) => {
      if (size >= MAX_RESPONSE_BYTES) return
      chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size))
      size += chunk.length
      if (size >= MAX_RESPONSE_BYTES) {
        resolve(Buffer.concat(chunks))
        res.destroy()
      }
    })
    res.on('end', () => resolve(Buffer.concat(chunks)))
    res.on('error', reject)
  })
}

function toResponse(res: IncomingMessage, bytes: Buffer): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const status = res.statusCode ?? 502
  const nullBody = status === 204 || status === 205 || status === 304
  return new Response(nullBody ? null : new Uint8Array(bytes), {
    status: status < 200 || status > 599 ? 502 : status,
    headers,
  })
}

/**
 * As `fetch` reports failures: an abort is the signal's reason, a refused private address stays
 * itself (final), anything else is the `TypeError` the HTTP client maps to a retryable network error.
 */
function networkError(e: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason
  if (isWismoError(e)) return e
  return new TypeError('fetch failed', { cause: e })
}
