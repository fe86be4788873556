import { nativeCrypto } from '../util/native-crypto.ts'
import { toHex } from '../webhooks/verify/encoding.ts'
import type { Location, TrackingEventInput } from './schemas.ts'
import { canonicalTime, parseCarrierTime } from './time.ts'

/** The fields of a scan its identity is made of (plus the provider's event id, matched apart). */
export type ScanContent = Pick<TrackingEventInput, 'occurredAt' | 'status' | 'rawCode' | 'location' | 'piece'>

/**
 * What makes a scan the same scan, as one string: the instant in one spelling (with its precision:
 * a date, a local time or an instant), the milestone, the carrier's raw code, the place and the
 * piece. A webhook and a poll of one scan, or two time notations of it, give the same content.
 * @example scanContent({ occurredAt: '2026-03-02T14:00:00Z', status: 'in_transit', rawCode: 'AR', location: null })
 */
export function scanContent(event: ScanContent): string {
  return JSON.stringify([
    canonicalTime(event.occurredAt),
    event.status,
    event.rawCode.trim(),
    locationText(event.location ?? null),
    event.piece ?? '',
  ])
}

/**
 * The dedup key of a scan: a SHA-256 of {@link scanContent}, so the same scan gets the same key
 * whichever source and time notation brought it. The provider's event id is not part of it; it is
 * a second way to match (see {@link ScanIndex}).
 * @example await dedupKey(event) // 'h:3f2a…' (40 hex digits)
 */
export async function dedupKey(event: ScanContent): Promise<string> {
  return contentKey(scanContent(event))
}

/**
 * The dedup key of a {@link scanContent} string: at once (a string) where the runtime hashes
 * synchronously (Node, Bun, Deno), else through Web Crypto (a promise). The same key either way.
 * @example const key = await contentKey(scanContent(event))
 */
export function contentKey(content: string): string | Promise<string> {
  const hex = (digest: Uint8Array) => `h:${toHex(digest).slice(0, 40)}`
  if (nativeCrypto?.hash) return `h:${nativeCrypto.hash('sha256', content, 'hex').slice(0, 40)}`
  if (nativeCrypto) return hex(nativeCrypto.createHash('sha256').update(content).digest())
  const bytes = new TextEncoder().encode(content)
  return crypto.subtle.digest('SHA-256', bytes).then((d) => hex(new Uint8Array(d)))
}

type Indexed = ScanContent & { dedupKey: string; providerEventId?: string | null }

/** Keys {@link dedupKey} writes: a hash of the content, so equal keys mean equal content. */
const CONTENT_KEY = /^h:[0-9a-f]{40}$/

/**
 * The scans a shipment already has, matched three ways: by dedup key, by the provider's event id
 * (so a scan whose content the provider changed in transit, e.g. a location added later, still
 * meets itself) and, for scans stored under an older key format, by content. A content key
 * already says the content, so content is only recomputed for those older keys: the common case
 * costs one set lookup per scan.
 */
export class ScanIndex {
  /** Oldest first; only the last is ever added to, and only while the index is not extended. */
  #layers: Layer[] = [newLayer()]
  #legacy = false
  #extended = false

  constructor(events: Iterable<Indexed> = []) {
    for (const e of events) this.add(e)
  }

  /** Whether `event` is a scan already in the index. */
  has(event: Indexed): boolean {
    const content = this.#legacy ? scanContent(event) : null
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i] as Layer
      if (layer.keys.has(event.dedupKey)) return true
      if (event.providerEventId && layer.providerIds.has(event.providerEventId)) return true
      if (content !== null && layer.legacyContents.has(content)) return true
    }
    return false
  }

  /**
   * An index of the same scans that can grow without changing this one, which can no longer be
   * added to. It shares this one's sets (a new layer on top; every 16 extensions
   * the layers are merged into one), so extending costs no copy of a long history.
   */
  extend(): ScanIndex {
    this.#extended = true
    const next = new ScanIndex()
    next.#legacy = this.#legacy
    next.#layers = this.#layers.length < MAX_LAYERS ? [...this.#layers, newLayer()] : [merged(this.#layers)]
    if (next.#layers.length === 1) next.#layers.push(newLayer())
    return next
  }

  add(event: Indexed): void {
    if (this.#extended) throw new TypeError('ScanIndex: an extended index cannot be added to')
    const layer = this.#layers.at(-1) as Layer
    layer.keys.add(event.dedupKey)
    if (!CONTENT_KEY.test(event.dedupKey)) {
      layer.legacyContents.add(scanContent(event))
      this.#legacy = true
    }
    if (event.providerEventId) layer.providerIds.add(event.providerEventId)
  }

  /** The events of `incoming` not already indexed, each once (the first of repeats wins); indexes them. */
  addNew<E extends Indexed>(incoming: readonly E[]): E[] {
    const fresh: E[] = []
    for (const e of incoming) {
      if (this.has(e)) continue
      this.add(e)
      fresh.push(e)
    }
    return fresh
  }
}

interface Layer {
  keys: Set<string>
  legacyContents: Set<string>
  providerIds: Set<string>
}

/** Layers an index may stack before they are merged (bounds the cost of a lookup). */
const MAX_LAYERS = 16

const newLayer = (): Layer => ({ keys: new Set(), legacyContents: new Set(), providerIds: new Set() })

function merged(layers: readonly Layer[]): Layer {
  const out = newLayer()
  for (const layer of layers) {
    for (const k of layer.keys) out.keys.add(k)
    for (const c of layer.legacyContents) out.legacyContents.add(c)
    for (const p of layer.providerIds) out.providerIds.add(p)
  }
  return out
}

function locationText(location: Location | null): string {
  if (!location) return ''
  const parts = [location.text, location.city, location.region, location.postalCode, location.country]
  return parts.map((p) => (p ?? '').trim().replace(/\s+/g, ' ').toLowerCase()).join('|')
}

/** How far apart two sources may date one scan (aggregators often drop the seconds). */
export const CROSS_SOURCE_TOLERANCE_MS = 60_000

type Sourced = Pick<TrackingEventInput, 'occurredAt' | 'status' | 'location' | 'piece'> & {
  via?: string | undefined
}

/**
 * Whether two scans reported by different adapters (a carrier and an aggregator tracking the same
 * parcel, or a failover) are the same scan. Their raw codes differ by nature, so they are matched
 * on what both say: the milestone, the piece, the place when both name one, and the moment within
 * {@link CROSS_SOURCE_TOLERANCE_MS}: as instants when both carry an offset, as wall-clock times when
 * both are local (or when one is local and the other's offset gives its wall time), as the date
 * when both are dates. A UTC instant and a local time of a place Wismo cannot place stay apart.
 */
export function sameScanAcrossSources(a: Sourced, b: Sourced): boolean {
  if (a.status !== b.status || (a.piece ?? '') !== (b.piece ?? '')) return false
  if (!samePlace(a.location ?? null, b.location ?? null)) return false
  const x = parseCarrierTime(a.occurredAt)
  const y = parseCarrierTime(b.occurredAt)
  if (!x || !y) return false
  if (x.kind === 'date' || y.kind === 'date')
    return x.kind === y.kind && a.occurredAt.slice(0, 10) === b.occurredAt.slice(0, 10)
  if (x.kind === 'instant' && y.kind === 'instant')
    return Math.abs(x.sortKey - y.sortKey) <= CROSS_SOURCE_TOLERANCE_MS
  // A local time against an instant: compare wall clocks, only when the instant's offset is not
  // plain UTC (a `Z` from an aggregator says nothing of the scan's own zone).
  const wall = (t: NonNullable<typeof x>) =>
    t.kind === 'local' ? t.sortKey : t.offsetMinutes ? t.sortKey + t.offsetMinutes * 60_000 : null
  const [wx, wy] = [wall(x), wall(y)]
  return wx !== null && wy !== null && Math.abs(wx - wy) <= CROSS_SOURCE_TOLERANCE_MS
}

/** Same place when both name one: the postal code, else the city (and country when both say it). */
function samePlace(a: Location | null, b: Location | null): boolean {
  const norm = (s?: string) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase()
  if (!a || !b) return true
  if (norm(a.postalCode) && norm(b.postalCode)) return norm(a.postalCode) === norm(b.postalCode)
  if (norm(a.city) && norm(b.city)) {
    // Countries are compared only when both use one notation (ISO 2 or ISO 3 letters).
    const [ca, cb] = [norm(a.country), norm(b.country)]
    const countries = ca && cb && ca.length === cb.length ? ca === cb : true
    return norm(a.city) === norm(b.city) && countries
  }
  return true
}

/**
 * The incoming scans that are not echoes of stored scans from another adapter (see
 * {@link sameScanAcrossSources}). `ownCarrier` is the shipment's carrier: a scan without `via`
 * came from it.
 */
export function withoutEchoes<E extends Sourced>(
  stored: readonly Sourced[],
  incoming: readonly E[],
  ownCarrier: string,
): E[] {
  const origin = (e: Sourced) => e.via ?? ownCarrier
  // One source only (the common case): nothing to compare.
  if (!stored.some((s) => s.via) && !incoming.some((e) => e.via)) return [...incoming]
  return incoming.filter((e) => !stored.some((s) => origin(s) !== origin(e) && sameScanAcrossSources(s, e)))
}
