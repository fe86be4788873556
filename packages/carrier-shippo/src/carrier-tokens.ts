import { detectCarrier, normalizeTrackingNumber } from '@wismo/core'

/**
 * Wismo carrier ids (as core's `detectCarrier` names them) → Shippo carrier tokens. S10 postal
 * items of the US already come out of detection as `usps`. Hosts add or change entries with
 * the `carrierTokens` option.
 */
export const SHIPPO_CARRIER_TOKENS: Readonly<Record<string, string>> = {
  ups: 'ups',
  fedex: 'fedex',
  usps: 'usps',
  dhl: 'dhl_express',
  ontrac: 'ontrac',
  'canada-post': 'canada_post',
  purolator: 'purolator',
  lasership: 'lasership',
}

/** Names shown for common Shippo tokens (in `service`); others are shown as the token. */
const CARRIER_NAMES: Readonly<Record<string, string>> = {
  usps: 'USPS',
  ups: 'UPS',
  fedex: 'FedEx',
  dhl_express: 'DHL Express',
  dhl_ecommerce: 'DHL eCommerce',
  ontrac: 'OnTrac',
  canada_post: 'Canada Post',
}

/** A display name for a Shippo carrier token (`dhl_express` → `DHL Express`). */
export function carrierName(token: string): string {
  return CARRIER_NAMES[token] ?? token
}

export interface TokenSources {
  resolve?: ((trackingNumber: string) => string | null | undefined) | undefined
  tokens: Readonly<Record<string, string>>
  fallback?: string | undefined
  /** Tokens this instance learned for numbers (register, webhooks, purchases). */
  learned: ReadonlyMap<string, string>
}

/**
 * The Shippo carrier token for a number, or `null` when nothing knows it: the host's resolver,
 * then what this instance learned, then core's detection (the best-ranked carrier with a token;
 * ties such as USPS IMpb vs FedEx SmartPost prefer `fallback` when it is among them, else
 * `usps`: SmartPost parcels are delivered by USPS), then `fallback`.
 */
export function carrierTokenFor(trackingNumber: string, sources: TokenSources): string | null {
  const number = normalizeTrackingNumber(trackingNumber)
  const fromHost = sources.resolve?.(number)
  if (fromHost) return fromHost
  const learned = sources.learned.get(number)
  if (learned) return learned
  const candidates = detectCarrier(number).flatMap((c) => {
    const token = Object.hasOwn(sources.tokens, c.carrier) ? sources.tokens[c.carrier] : undefined
    return token ? [{ token, confidence: c.confidence }] : []
  })
  const best = candidates[0]
  if (!best) return sources.fallback ?? null
  const tied = candidates.filter((c) => c.confidence === best.confidence).map((c) => c.token)
  const preferred = [sources.fallback, 'usps'].find((t) => t !== undefined && tied.includes(t))
  return preferred ?? best.token
}
