/**
 * Signed, expiring links to an order's tracking page: the only way in without an account. A
 * token names one order and an expiry and carries an HMAC-SHA256 over both, so it cannot be
 * forged, widened to another order or extended. Web Crypto only (runs on edge runtimes too).
 */
import { z } from 'zod'
import { WismoError } from '../errors.ts'
import { fromBase64, toBase64, toBytes } from '../webhooks/verify/encoding.ts'
import { hmacBytes } from '../webhooks/verify/hmac.ts'
import { timingSafeEqual } from '../webhooks/verify/timing-safe-equal.ts'

const DAY_MS = 86_400_000
const secret = z.string().min(32, 'use a random secret of at least 32 characters')

/** What a host configures in `createWismo({ trackingLinks })`. */
export const TrackingLinksOptionsSchema = z
  .object({
    /**
     * The signing secret, or several while rotating: the first signs new links, every one is
     * accepted when a link is opened. At least 32 characters each.
     */
    secret: z.union([secret, z.array(secret).min(1).max(5)]),
    /** Where the tracking page is mounted, e.g. `https://shop.example/track` (an absolute http(s) URL). */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** How long a link opens the page (default 90 days). */
    ttlMs: z
      .number()
      .int()
      .min(60_000)
      .max(3650 * DAY_MS)
      .default(90 * DAY_MS),
  })
  .strict()

export type TrackingLinksOptions = z.input<typeof TrackingLinksOptionsSchema>
export type TrackingLinksSettings = z.output<typeof TrackingLinksOptionsSchema>

/** What a valid token says. */
export interface TrackingGrant {
  orderId: string
  /** ISO instant after which the link no longer opens the page. */
  expiresAt: string
}

const VERSION = 'v1'
const MAX_TOKEN_LENGTH = 1024

/**
 * A token for `orderId` valid until `expiresAt`, signed with `secret`.
 * @example const token = await signTrackingToken('a-long-random-secret-of-32-chars!!', 'A-1001', new Date('2027-01-01'))
 */
export async function signTrackingToken(secret: string, orderId: string, expiresAt: Date): Promise<string> {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36)
  const order = toBase64Url(toBytes(orderId))
  const mac = await hmacBytes(secret, signedText(order, expiry), 'SHA-256')
  return `${VERSION}.${order}.${expiry}.${toBase64Url(mac)}`
}

/**
 * Check a token against the secrets (any may have signed it) and the clock. Throws
 * `TRACKING_LINK_INVALID` for a malformed, tampered or foreign token and `TRACKING_LINK_EXPIRED`
 * (with `details.orderId` withheld) for an expired one.
 * @example const { orderId } = await verifyTrackingToken(['a-long-random-secret-of-32-chars!!'], token, new Date())
 */
export async function verifyTrackingToken(
  secrets: readonly string[],
  token: string,
  now: Date,
): Promise<TrackingGrant> {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : []
  const [version, order, expiry, signature] = parts
  const mac = signature ? fromBase64Url(signature) : null
  const orderBytes = order ? fromBase64Url(order) : null
  if (parts.length !== 4 || version !== VERSION || !order || !expiry || !mac || !orderBytes)
    throw invalid('malformed')
  const message = signedText(order, expiry)
  let valid = false
  // Every secret is tried (no early exit), so timing does not tell which one matched.
  for (const s of secrets) valid = timingSafeEqual(await hmacBytes(s, message, 'SHA-256'), mac) || valid
  if (!valid) throw invalid('signature')
  const expiresAt = Number.parseInt(expiry, 36) * 1000
  if (!/^[0-9a-z]{1,10}$/.test(expiry) || !Number.isFinite(expiresAt)) throw invalid('malformed')
  if (expiresAt <= now.getTime())
    throw new WismoError('TRACKING_LINK_EXPIRED', 'This tracking link has expired', {
      details: { expiredAt: new Date(expiresAt).toISOString() },
    })
  const orderId = new TextDecoder('utf-8', { fatal: true }).decode(orderBytes)
  return { orderId, expiresAt: new Date(expiresAt).toISOString() }
}

/**
 * The instance's link maker and checker, from its `trackingLinks` settings.
 */
export function trackingLinks(settings: TrackingLinksSettings, now: () => Date) {
  const secrets = typeof settings.secret === 'string' ? [settings.secret] : settings.secret
  const base = settings.baseUrl.replace(/\/+$/, '')
  return {
    baseUrl: base,
    /** The page URL of an order, valid for `ttlMs` (default: the configured one). */
    async url(orderId: string, options: { ttlMs?: number } = {}): Promise<string> {
      const ttl = options.ttlMs ?? settings.ttlMs
      if (!Number.isInteger(ttl) || ttl < 60_000)
        throw new WismoError(
          'INPUT_INVALID',
          'ttlMs must be a whole number of milliseconds, at least 60000',
          {
            details: { field: 'ttlMs' },
          },
        )
      const token = await signTrackingToken(secrets[0] as string, orderId, new Date(now().getTime() + ttl))
      return `${base}/o/${token}`
    },
    verify: (token: string) => verifyTrackingToken(secrets, token, now()),
  }
}

function signedText(order: string, expiry: string): string {
  return `wismo-tracking-link/${VERSION}\n${order}\n${expiry}`
}

function invalid(reason: 'malformed' | 'signature'): WismoError {
  return new WismoError('TRACKING_LINK_INVALID', 'This tracking link is not valid', { details: { reason } })
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null
  const padded = text.replace(/-/g, '+').replace(/_/g, '/')
  return fromBase64(padded + '='.repeat((4 - (padded.length % 4)) % 4))
}
