import type { HistoryView } from './history-view.ts'

interface Entry {
  version: number
  view: HistoryView
}

/**
 * The histories of recently ingested shipments, so an ingest neither reads the whole history back
 * from the store nor derives it again each time. An entry is the shipment's history as of one
 * version: it is used only while the store's shipment still has that version, and every store
 * write that adds events bumps the version (`WismoStore.commit`), so a write by another process or
 * instance is never missed: the history is then read from the store as before. Least recently
 * used shipments go first once more than `maxEvents` events are held (a
 * shipment counts one more than its events, so empty histories are bounded too).
 */
export class HistoryCache {
  readonly #entries = new Map<string, Entry>()
  #events = 0
  readonly maxEvents: number

  constructor(maxEvents: number) {
    this.maxEvents = maxEvents
  }

  /** The history of `shipmentId` at `version`, or `undefined` when not held at that version. */
  get(shipmentId: string, version: number): HistoryView | undefined {
    const entry = this.#entries.get(shipmentId)
    if (!entry || entry.version !== version) return undefined
    // Most recently used last.
    this.#entries.delete(shipmentId)
    this.#entries.set(shipmentId, entry)
    return entry.view
  }

  /** Remember the history of `shipmentId` as of `version`. */
  set(shipmentId: string, version: number, view: HistoryView): void {
    this.delete(shipmentId)
    if (weight(view) > this.maxEvents) return
    this.#entries.set(shipmentId, { version, view })
    this.#events += weight(view)
    for (const [id, entry] of this.#entries) {
      if (this.#events <= this.maxEvents) break
      this.#entries.delete(id)
      this.#events -= weight(entry.view)
    }
  }

  delete(shipmentId: string): void {
    const entry = this.#entries.get(shipmentId)
    if (!entry) return
    this.#entries.delete(shipmentId)
    this.#events -= weight(entry.view)
  }

  /** Events held, plus one per shipment. */
  get size(): number {
    return this.#events
  }
}

const weight = (view: HistoryView) => view.events.length + 1
