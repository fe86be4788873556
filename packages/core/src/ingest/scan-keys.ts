import { contentKey, type ScanContent, scanContent } from '../domain/dedup.ts'

/**
 * Dedup keys by scan content. The key is a pure function of the content (a SHA-256), and carriers
 * and aggregators resend the same scans in later pushes and polls, so most scans of an update were
 * keyed before. Bounded: emptied when full.
 */
const keys = new Map<string, string | Promise<string>>()
const KEYS_MAX = 50_000

/**
 * `dedupKey`, computed once per distinct scan content: a string when known or hashed at once,
 * a promise where hashing goes through Web Crypto.
 * @example const key = await scanKey({ occurredAt: '2026-03-02T14:00:00Z', status: 'in_transit', rawCode: 'AR', location: null })
 */
export function scanKey(event: ScanContent): string | Promise<string> {
  const content = scanContent(event)
  const known = keys.get(content)
  if (known !== undefined) return known
  const key = contentKey(content)
  if (keys.size >= KEYS_MAX) keys.clear()
  keys.set(content, key)
  if (typeof key !== 'string') {
    // Once hashed, keep the string; a failed digest is not remembered.
    key.then(
      (k) => keys.get(content) === key && keys.set(content, k),
      () => keys.delete(content),
    )
  }
  return key
}
