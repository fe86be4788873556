/**
 * SendGrid's Signed Event Webhook: ECDSA P-256 / SHA-256 over `timestamp + rawBody` (plain
 * concatenation), signature base64 DER in `X-Twilio-Email-Event-Webhook-Signature`, timestamp in
 * `X-Twilio-Email-Event-Webhook-Timestamp`, public key base64 DER SubjectPublicKeyInfo. Web
 * Crypto only (runs on Node, Bun, Deno and edge runtimes); Web Crypto wants the raw `r‖s` form,
 * so the DER signature is converted first.
 */
import { type WebhookVerifier, WismoError } from '@wismo/core'

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature'
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp'

/** Options of {@link sendgridEventVerifier}. */
export interface SendgridEventVerifierOptions {
  /** Refuse a timestamp further than this from now (`WEBHOOK_STALE`); unset: no check. */
  toleranceSec?: number | undefined
}

/**
 * A verifier for SendGrid's Signed Event Webhook. `secrets` are the public keys (base64 DER), any
 * of which may match (rotation). A forged request is `WEBHOOK_INVALID_SIGNATURE`; with
 * `toleranceSec`, an authentic but old one is `WEBHOOK_STALE`.
 * @example
 * const verify = sendgridEventVerifier()
 * await verify(request, ['MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…'])
 */
export function sendgridEventVerifier(options: SendgridEventVerifierOptions = {}): WebhookVerifier {
  const keys = new Map<string, Promise<CryptoKey>>()
  const keyOf = (spki: string, index: number) => {
    let key = keys.get(spki)
    if (!key) {
      key = importKey(spki, index)
      keys.set(spki, key)
      key.catch(() => keys.delete(spki))
    }
    return key
  }
  return async (req, secrets, now = new Date()) => {
    if (!Array.isArray(secrets) || secrets.length === 0 || secrets.some((s) => !s))
      throw new WismoError('CONFIG_INVALID', 'SendGrid event webhook: no verification public key configured')
    const cryptoKeys = await Promise.all(secrets.map(keyOf))
    const signature = readSignature(req.headers)
    const timestamp = readTimestamp(req.headers)
    const signed = concat(new TextEncoder().encode(timestamp), req.body)
    for (const [secretIndex, key] of cryptoKeys.entries()) {
      const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, signed)
      if (ok) {
        assertFresh(Number(timestamp), now, options.toleranceSec)
        return { timestamp: Number(timestamp), secretIndex }
      }
    }
    throw invalid('no configured public key verifies it')
  }
}

function invalid(reason: string): WismoError {
  return new WismoError('WEBHOOK_INVALID_SIGNATURE', `SendGrid event webhook signature rejected: ${reason}`)
}

async function importKey(spki: string, index: number): Promise<CryptoKey> {
  const der = fromBase64(spki.trim())
  const curve = { name: 'ECDSA', namedCurve: 'P-256' }
  try {
    if (!der) throw new Error('not base64')
    return await crypto.subtle.importKey('spki', der, curve, false, ['verify'])
  } catch (cause) {
    throw new WismoError(
      'CONFIG_INVALID',
      `SendGrid event webhook: public key #${index} is not a base64 DER P-256 key`,
      { cause },
    )
  }
}

function readSignature(headers: Headers): Uint8Array<ArrayBuffer> {
  const text = headers.get(SIGNATURE_HEADER)?.trim()
  if (!text) throw invalid(`header "${SIGNATURE_HEADER}" is missing`)
  // A P-256 DER signature is at most 72 bytes (96 base64 characters).
  const der = text.length <= 128 ? fromBase64(text) : null
  const raw = der ? derToRaw(der) : null
  if (!raw) throw invalid(`header "${SIGNATURE_HEADER}" is not a DER ECDSA signature`)
  return raw
}

function readTimestamp(headers: Headers): string {
  const text = headers.get(TIMESTAMP_HEADER)?.trim()
  if (!text) throw invalid(`header "${TIMESTAMP_HEADER}" is missing`)
  if (!/^\d{1,15}$/.test(text)) throw invalid(`header "${TIMESTAMP_HEADER}" is not unix seconds`)
  return text
}

function assertFresh(timestamp: number, now: Date, toleranceSec: number | undefined): void {
  if (toleranceSec === undefined) return
  const skew = timestamp - Math.floor(now.getTime() / 1000)
  if (Math.abs(skew) <= toleranceSec) return
  throw new WismoError(
    'WEBHOOK_STALE',
    `SendGrid event webhook timestamp is ${skew < 0 ? 'too old' : 'in the future'} (tolerance ${toleranceSec}s)`,
    { details: { timestamp, skewSec: skew, toleranceSec } },
  )
}

/**
 * `SEQUENCE { INTEGER r, INTEGER s }` (DER, short lengths as P-256 needs) → 64 bytes `r‖s`;
 * `null` for anything else, including trailing bytes and over-long integers.
 * @example derToRaw(fromBase64('MEUCIGHQ…')!) // Uint8Array(64)
 */
export function derToRaw(der: Uint8Array): Uint8Array<ArrayBuffer> | null {
  if (der[0] !== 0x30 || der[1] !== der.length - 2 || der.length > 72) return null
  const r = readInteger(der, 2)
  const s = r ? readInteger(der, r.end) : null
  if (!r || !s || s.end !== der.length) return null
  const out = new Uint8Array(64)
  out.set(r.value, 32 - r.value.length)
  out.set(s.value, 64 - s.value.length)
  return out
}

function readInteger(der: Uint8Array, at: number): { value: Uint8Array; end: number } | null {
  const length = der[at + 1]
  if (der[at] !== 0x02 || length === undefined || length === 0 || length > 33) return null
  const end = at + 2 + length
  if (end > der.length) return null
  let value = der.subarray(at + 2, end)
  while (value.length > 1 && value[0] === 0) value = value.subarray(1)
  return value.length > 32 ? null : { value, end }
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
