import { toHex } from '../webhooks/verify/encoding.ts'
import type { Location, TrackingEventInput } from './schemas.ts'

/**
 * The dedup key of a scan: the provider's event id when it has one, else a SHA-256 of what makes
 * a scan the same scan (carrier, number, raw code, time as given, location). The same scan seen
 * through a webhook and a poll therefore gets the same key.
 * @example await dedupKey('ups', '1Z...', event) // 'ups:h:3f2a...'
 */
export async function dedupKey(
  carrier: string,
  trackingNumber: string,
  event: TrackingEventInput,
): Promise<string> {
  if (event.providerEventId) return `${carrier}:id:${event.providerEventId}`
  const material = JSON.stringify([
    carrier,
    trackingNumber,
    event.rawCode,
    event.occurredAt,
    locationText(event.location ?? null),
  ])
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material))
  return `${carrier}:h:${toHex(new Uint8Array(digest)).slice(0, 40)}`
}

function locationText(location: Location | null): string {
  if (!location) return ''
  const parts = [location.text, location.city, location.region, location.postalCode, location.country]
  return parts.map((p) => (p ?? '').trim().toLowerCase()).join('|')
}
