import { BlockList, isIP } from 'node:net'
import { WismoError } from '@wismo/core'

/**
 * Address ranges a webhook may not reach unless `allowPrivateNetworks` is set: loopback,
 * private (RFC 1918, IPv6 ULA), link-local (incl. the 169.254.169.254 cloud metadata service),
 * carrier-grade NAT, "this network", documentation/benchmark, multicast and reserved ranges.
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are checked as the IPv4 address they carry.
 */
export const PRIVATE_RANGES: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]

const blocked = new BlockList()
for (const [network, prefix, type] of PRIVATE_RANGES) blocked.addSubnet(network, prefix, type)

/**
 * Whether an IP address is in a loopback, private or otherwise non-public range.
 * @example isPrivateAddress('10.1.2.3') // true
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/** The refusal of a destination: final, never retried (the address will not become public). */
export function privateDestination(url: string, address: string): WismoError {
  return new WismoError(
    'NOTIFY_REQUEST_REJECTED',
    'webhook destination is a loopback or private address (set allowPrivateNetworks to allow it)',
    { details: { url, address, reason: 'private_network' } },
  )
}

/**
 * Check a destination before any connection: an absolute http(s) URL without credentials, and,
 * unless private networks are allowed, not `localhost` nor a private IP literal. Host names are
 * checked again when they resolve (see `guardedFetch`).
 */
export function checkDestination(raw: string, allowPrivate: boolean): URL {
  const url = URL.canParse(raw) ? new URL(raw) : null
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new WismoError('NOTIFY_REQUEST_REJECTED', 'webhook destination must be an http(s) URL', {
      details: { to: raw.slice(0, 200), reason: 'not_http_url' },
    })
  if (url.username || url.password)
    throw new WismoError('NOTIFY_REQUEST_REJECTED', 'webhook URL must not carry credentials', {
      details: { to: `${url.protocol}//${url.host}`, reason: 'credentials_in_url' },
    })
  if (allowPrivate) return url
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))
    throw privateDestination(url.origin, host)
  return url
}
