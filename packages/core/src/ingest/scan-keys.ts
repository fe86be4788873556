import { dedupKey, type ScanContent, scanContent } from '../domain/dedup.ts'

/**
 * Dedup keys by scan content. The key is a pure function of the content (a SHA-256 through Web
 * Crypto, one thread-pool job each), and carriers and aggregators resend the same scans in later
 * pushes and polls, so most scans of an update were keyed before. Bounded: emptied when full.
 */
const keys = new Map<string, Promise<string>>()
const KEYS_MAX = 50_000

/**
 * {@link dedupKey}, computed once per distinct scan content.
 * @example const key = await scanKey({ occurredAt: '2026-03-02T14:00:00Z', status: 'in_transit', rawCode: 'AR', location: null })
 */
export function scanKey(event: ScanContent): Promise<string> {
  const content = scanContent(event)
  const known = keys.get(content)
  if (known) return known
  const key = dedupKey(event)
  if (keys.size >= KEYS_MAX) keys.clear()
  keys.set(content, key)
  key.catch(() => keys.delete(content))
  return key
}
