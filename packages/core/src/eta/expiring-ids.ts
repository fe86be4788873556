/**
 * Shipment ids remembered with an instant, for state the model keeps per shipment until the
 * shipment ends. Ids more than `maxAgeDays` older than the newest instant seen are dropped (swept
 * whenever the set has doubled since the last sweep), so shipments that are never delivered nor
 * forgotten do not stay for ever: the start models stop counting them after the same age.
 */
const DAY_MS = 86_400_000
const MIN_SWEEP = 1_024

/** See {@link createExpiringIds}. */
export interface ExpiringIds {
  has(id: string): boolean
  /** Remember `id` as of `atMs` (epoch milliseconds). */
  add(id: string, atMs: number): void
  delete(id: string): void
  readonly size: number
}

/**
 * @example
 * const handled = createExpiringIds(60)
 * handled.add('shp_1', Date.parse('2026-03-02T12:00:00Z'))
 * handled.has('shp_1') // true until 60 days of newer ids have been added
 */
export function createExpiringIds(maxAgeDays: number): ExpiringIds {
  const ids = new Map<string, number>()
  let newest = Number.NEGATIVE_INFINITY
  let sweepAt = MIN_SWEEP
  const sweep = () => {
    for (const [id, at] of ids) if (newest - at > maxAgeDays * DAY_MS) ids.delete(id)
    sweepAt = Math.max(MIN_SWEEP, ids.size * 2)
  }
  return {
    has: (id) => ids.has(id),
    add(id, atMs) {
      ids.set(id, atMs)
      newest = Math.max(newest, atMs)
      if (ids.size >= sweepAt) sweep()
    },
    delete: (id) => {
      ids.delete(id)
    },
    get size() {
      return ids.size
    },
  }
}
