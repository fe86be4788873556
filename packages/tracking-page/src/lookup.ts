/**
 * Finding an order without an account: order number + the e-mail or a delivery postcode on it.
 * Every failure looks the same (no order, wrong contact), every attempt runs the same queries,
 * and attempts are rate limited per order number, per client and overall through the store's
 * token buckets, so guessing is slow for everyone and no order's existence leaks.
 */
import { timingSafeEqual, type Wismo } from '@wismo/core'
import type { TrackingPageSettings } from './options.ts'

export type LookupOutcome =
  | { kind: 'found'; url: string }
  | { kind: 'no_match' }
  | { kind: 'limited'; retryAfterMs: number }

type Limits = Exclude<TrackingPageSettings['lookup'], false>

export async function lookupOrder(
  wismo: Wismo,
  limits: Limits,
  request: Request,
  input: { order: string; contact: string },
): Promise<LookupOutcome> {
  const orderId = input.order.trim()
  const contact = normalizeContact(input.contact)
  if (!orderId || orderId.length > 200 || !contact) return { kind: 'no_match' }
  const client = limits.clientKey?.(request) ?? null
  const buckets: [string, Limits['perOrder']][] = [
    ['tracking-lookup:all', limits.overall],
    [`tracking-lookup:order:${await digestHex(orderId.toLowerCase())}`, limits.perOrder],
  ]
  if (client) buckets.push([`tracking-lookup:client:${await digestHex(client)}`, limits.perClient])
  const now = wismo.clock().toISOString()
  let wait = 0
  for (const [bucket, { capacity, perMs }] of buckets) {
    const grant = await wismo.store.takeTokens({ bucket, capacity, refillPerMs: capacity / perMs, now })
    if (!grant.granted) wait = Math.max(wait, grant.retryAfterMs)
  }
  if (wait > 0) return { kind: 'limited', retryAfterMs: wait }

  // The same two reads whether or not the order exists.
  const [order, shipments] = await Promise.all([
    wismo.store.getOrder(orderId),
    wismo.store.listShipments({ orderId, limit: 50 }),
  ])
  const known = [
    order?.customer.email ? normalizeContact(order.customer.email) : null,
    ...shipments.items.map((s) =>
      s.destination?.postalCode ? normalizeContact(s.destination.postalCode) : null,
    ),
  ].filter((v): v is string => v !== null)
  const given = await digest(contact)
  let match = false
  // Compared as digests in constant time, against a decoy when there is nothing to compare.
  for (const candidate of known.length > 0 ? known : ['\u0000decoy'])
    match = timingSafeEqual(await digest(candidate), given) || match
  if (!order || !match) return { kind: 'no_match' }
  return { kind: 'found', url: await wismo.trackingLink(order.id) }
}

/** E-mail: trimmed and lower-cased; postcode: upper-cased without spaces or dashes. */
export function normalizeContact(value: string): string {
  const v = value.trim()
  if (v.includes('@')) return v.toLowerCase()
  return v.toUpperCase().replace(/[\s-]+/g, '')
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

async function digestHex(text: string): Promise<string> {
  return [...(await digest(text))].map((b) => b.toString(16).padStart(2, '0')).join('')
}
