/**
 * Secret rotation: a request is authentic when any presented signature matches the MAC computed
 * with any active secret.
 */
import { invalidSignature } from './checks.ts'
import { timingSafeEqual } from './timing-safe-equal.ts'

/**
 * Index of the first secret whose MAC equals one of `presented`; otherwise throws
 * `WEBHOOK_INVALID_SIGNATURE`. Every presented candidate is compared in constant time.
 * @example
 * const secretIndex = await matchSecret(secrets, (s) => hmacBytes(s, body, 'SHA-256'), [presentedMac])
 */
export async function matchSecret<K>(
  secrets: readonly K[],
  macFor: (secret: K) => Promise<Uint8Array>,
  presented: readonly Uint8Array[],
): Promise<number> {
  if (presented.length > 0) {
    for (const [index, secret] of secrets.entries()) {
      const expected = await macFor(secret)
      if (anyEqual(expected, presented)) return index
    }
  }
  throw invalidSignature('it matches no active secret')
}

function anyEqual(expected: Uint8Array, presented: readonly Uint8Array[]): boolean {
  let found = false
  for (const candidate of presented) found = timingSafeEqual(expected, candidate) || found
  return found
}
