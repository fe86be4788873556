/**
 * Webhook signature verification for `@wismo/core`: Web Crypto only, so it runs on Node, Bun,
 * Deno and edge runtimes. Each verifier takes the raw request and the active secrets (several
 * during a rotation) and throws a `WismoError` (`WEBHOOK_INVALID_SIGNATURE`, `WEBHOOK_STALE`,
 * `CONFIG_INVALID`) on failure.
 * @example
 * import { hmacHeaderVerifier, HMAC_HEADER_PRESETS } from './webhooks/verify/index.ts'
 * const verify = hmacHeaderVerifier(HMAC_HEADER_PRESETS.easypost)
 * await verify(req, [secret])
 */

// The handler's shapes ride along here until the package index lists them itself.
export { type HmacSignatureInput, hmacSignature } from './hmac.ts'
export {
  HMAC_HEADER_PRESETS,
  type HmacHeaderOptions,
  hmacHeaderVerifier,
  signHmacHeader,
} from './hmac-header.ts'
export {
  type MemoryReplayGuardOptions,
  memoryReplayGuard,
  type ReplayGuard,
  type ReplayState,
} from './replay-guard.ts'
export {
  generateStandardWebhookSecret,
  type SignStandardWebhookInput,
  type StandardWebhookHeaders,
  type StandardWebhooksOptions,
  signStandardWebhook,
  standardWebhooksVerifier,
} from './standard-webhooks.ts'
export { STATIC_TOKEN_PRESETS, type StaticTokenOptions, staticTokenVerifier } from './static-token.ts'
export {
  type SignTimestampedHmacInput,
  signTimestampedHmac,
  type TimestampedHmacOptions,
  timestampedHmacVerifier,
} from './timestamped-hmac.ts'
export { timingSafeEqual } from './timing-safe-equal.ts'
export type {
  BytesLike,
  HmacAlgorithm,
  RawWebhookRequest,
  SignatureEncoding,
  VerifyResult,
  WebhookVerifier,
} from './types.ts'
