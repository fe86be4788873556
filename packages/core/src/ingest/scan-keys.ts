import { contentKey, type ScanContent, scanContent } from '../domain/dedup.ts'
import { boundedCache } from '../util/bounded-cache.ts'

/**
 * Dedup keys by scan content. The key is a pure function of the content (a SHA-256), and carriers
 * and aggregators resend the same scans in later pushes and polls, so most scans of an update were
 * keyed before. Bounded: emptied when full. Small on purpose: a lookup in a 50,000-entry map
 * cost more than the hash it saved (mostly cache misses), while the scans that repeat are the
 * recent ones of parcels in flight.
 */
const keys = boundedCache<string | Promise<string>>(4_096)

/**
 * `dedupKey`, computed once per distinct scan content: a string when known or hashed at once,
 * a promise where hashing goes through Web Crypto.
 * @example const key = await scanKey({ occurredAt: '2026-03-02T14:00:00Z', status: 'in_transit', rawCode: 'AR', location: null })
 */
export function scanKey(event: ScanContent): string | Promise<string> {
  const content = scanContent(event)
  return keys.get(content, () => {
    const key = contentKey(content)
    // Once hashed, keep the string; a failed digest is not remembered.
    if (typeof key !== 'string')
      key.then(
        (k) => keys.peek(content) === key && keys.set(content, k),
        () => keys.delete(content),
      )
    return key
  })
}
