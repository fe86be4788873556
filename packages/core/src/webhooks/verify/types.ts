/**
 * Shapes shared by every webhook signature verifier. A verifier sees the request exactly as it
 * arrived: signatures are computed over raw bytes, never over re-serialized JSON.
 */

/**
 * An incoming webhook request, as the handler read it: the body is the exact bytes received.
 * @example
 * const req: RawWebhookRequest = {
 *   method: request.method, url: request.url, headers: request.headers,
 *   body: new Uint8Array(await request.arrayBuffer()),
 * }
 */
export interface RawWebhookRequest {
  method: string
  url: string
  /** Web `Headers`: lookups are case-insensitive, which HTTP/2 and Fastify rely on. */
  headers: Headers
  body: Uint8Array
}

/**
 * What a successful verification learned, for replay detection and logs. Never holds a secret.
 * @example
 * const { messageId, timestamp } = await verify(req, secrets)
 * if (messageId && (await guard.begin(messageId, timestamp ?? nowSec)) === 'done') return ack()
 */
export interface VerifyResult {
  /** Provider message id that stays the same across retries (Standard Webhooks `webhook-id`). */
  messageId?: string
  /** Signed send time in unix seconds, when the scheme signs one. */
  timestamp?: number
  /** Position in `secrets` of the secret that matched; tells when an old secret can be retired. */
  secretIndex: number
}

/**
 * Checks one request against the currently active secrets (several during a rotation).
 * Resolves on success; rejects with a `WismoError` (`WEBHOOK_INVALID_SIGNATURE`,
 * `WEBHOOK_STALE` or `CONFIG_INVALID`) otherwise.
 * @example
 * const verify: WebhookVerifier = hmacHeaderVerifier({ header: 'aftership-hmac-sha256', encoding: 'base64' })
 * await verify(req, [process.env.AFTERSHIP_WEBHOOK_SECRET!])
 */
export type WebhookVerifier = (
  req: RawWebhookRequest,
  secrets: readonly string[],
  now?: Date,
) => Promise<VerifyResult>

/**
 * Hash functions offered for HMAC (Web Crypto names).
 * @example const algorithm: HmacAlgorithm = 'SHA-256'
 */
export type HmacAlgorithm = 'SHA-256' | 'SHA-1' | 'SHA-512'

/**
 * How a signature is written as text.
 * @example const encoding: SignatureEncoding = 'hex'
 */
export type SignatureEncoding = 'hex' | 'base64'

/**
 * Bytes, or text that is signed as its UTF-8 bytes.
 * @example const body: BytesLike = '{"ok":true}'
 */
export type BytesLike = Uint8Array | string
